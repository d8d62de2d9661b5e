from ddex_ai._entry import run

run()
