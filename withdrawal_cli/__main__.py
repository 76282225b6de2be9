from withdrawal_cli.cli.app import main

main()
