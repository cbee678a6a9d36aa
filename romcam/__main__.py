from romcam.cli import main

main()
