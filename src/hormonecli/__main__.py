from hormonecli.cli import main

main()
