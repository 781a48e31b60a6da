# The two commands: `make run` and `make test`. See README.md.
.PHONY: run test tools bench screenshots

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

tools:
	@bash scripts/tools.sh

bench:
	@bash scripts/bench.sh

screenshots:
	@bash scripts/screenshots.sh
