// Go's atomic.Value.Load beside the Rust rows of group 5 (value_cache_read,
// value_read_guard): the same reader loop (read one field of the current
// config) with a writer storing a fresh config every 100 µs, spinning on the
// clock between stores as the Rust benchmarks' writer does. Not part of CI;
// run ./run in this directory.
package valuebench

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

type config struct {
	version  uint64
	endpoint string
	limits   [8]uint32
}

func newConfig(version uint64) *config {
	c := &config{version: version, endpoint: fmt.Sprintf("10.0.0.%d:8080", version%250)}
	for i := range c.limits {
		c.limits[i] = 100
	}
	return c
}

// writeEvery100us calls store(n) for n = 1, 2, … every 100 µs until stop is
// closed, and returns the number of stores through done.
func writeEvery100us(store func(uint64), stop <-chan struct{}, done chan<- uint64) {
	n := uint64(0)
	for {
		select {
		case <-stop:
			done <- n
			return
		default:
		}
		n++
		store(n)
		for deadline := time.Now().Add(100 * time.Microsecond); time.Now().Before(deadline); {
		}
	}
}

var sink uint64

// startWriter runs writeEvery100us(store) and returns a function that stops
// it and reports the writer's rate. The reading loops are written out in
// each benchmark, so that Go inlines the load as Rust does.
func startWriter(b *testing.B, store func(uint64)) func() {
	stop, done := make(chan struct{}), make(chan uint64)
	go writeEvery100us(store, stop, done)
	start := time.Now()
	return func() {
		b.StopTimer()
		close(stop)
		writes := <-done
		b.ReportMetric(float64(writes)/time.Since(start).Seconds(), "writes/s")
	}
}

// BenchmarkValueLoad: atomic.Value.Load and a type assertion.
func BenchmarkValueLoad(b *testing.B) {
	var v atomic.Value
	v.Store(newConfig(0))
	stop := startWriter(b, func(n uint64) { v.Store(newConfig(n)) })
	b.ResetTimer()
	var sum uint64
	for i := 0; i < b.N; i++ {
		sum += v.Load().(*config).version
	}
	stop()
	sink = sum
}

// BenchmarkPointerLoad: atomic.Pointer[T].Load (Go 1.19), the plain load.
func BenchmarkPointerLoad(b *testing.B) {
	var p atomic.Pointer[config]
	p.Store(newConfig(0))
	stop := startWriter(b, func(n uint64) { p.Store(newConfig(n)) })
	b.ResetTimer()
	var sum uint64
	for i := 0; i < b.N; i++ {
		sum += p.Load().version
	}
	stop()
	sink = sum
}
