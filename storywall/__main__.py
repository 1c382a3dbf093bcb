from storywall.cli import main

raise SystemExit(main())
