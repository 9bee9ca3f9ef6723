from worker.tools.cli import main

main()
