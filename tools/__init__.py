"""Developer tools: asset makers and screenshot renderers. Not shipped to kiosks."""
