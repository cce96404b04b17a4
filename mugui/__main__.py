from mugui.cli.main import main

raise SystemExit(main())
