from cnii.cli import main

main()
