"""The kiosk API (`/api/v1/...`) and the health check, one router per resource."""
