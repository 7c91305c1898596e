module conc/bench/channels

go 1.19
