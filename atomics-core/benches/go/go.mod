module atomics/benches/go

go 1.19
