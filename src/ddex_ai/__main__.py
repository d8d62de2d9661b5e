from ddex_ai.cli import main

main()
