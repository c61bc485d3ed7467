from modelcfg.cli import main

main()
