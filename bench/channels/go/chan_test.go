// The Go side of bench/channels: the same workloads as channels_bench.cpp,
// kMessages ints per op, reported as ns_per_msg.
// Run with GOMAXPROCS=2 (compare.sh does).
package channels

import (
	"sync"
	"testing"
	"time"
)

const kMessages = 200000

func runProducersConsumers(b *testing.B, capacity, producers, consumers int) {
	start := time.Now()
	for n := 0; n < b.N; n++ {
		ch := make(chan int, capacity)
		var wg, pwg sync.WaitGroup
		var mu sync.Mutex
		var sum int64
		for c := 0; c < consumers; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var local int64
				for v := range ch {
					local += int64(v)
				}
				mu.Lock()
				sum += local
				mu.Unlock()
			}()
		}
		for p := 0; p < producers; p++ {
			pwg.Add(1)
			go func(p int) {
				defer pwg.Done()
				for i := p; i < kMessages; i += producers {
					ch <- i
				}
			}(p)
		}
		pwg.Wait()
		close(ch)
		wg.Wait()
		if sum != int64(kMessages)*(kMessages-1)/2 {
			b.Fatal("lost or duplicated messages")
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N)/kMessages, "ns_per_msg")
}

func BenchmarkBuffered1P1C(b *testing.B)   { runProducersConsumers(b, 1024, 1, 1) }
func BenchmarkUnbuffered1P1C(b *testing.B) { runProducersConsumers(b, 0, 1, 1) }
func BenchmarkBuffered4P4C(b *testing.B)   { runProducersConsumers(b, 1024, 4, 4) }

func BenchmarkSelect2(b *testing.B) {
	start := time.Now()
	for n := 0; n < b.N; n++ {
		a, c := make(chan int, 1024), make(chan int, 1024)
		go func() {
			for i := 0; i < kMessages/2; i++ {
				a <- i
			}
			close(a)
		}()
		go func() {
			for i := 0; i < kMessages/2; i++ {
				c <- i
			}
			close(c)
		}()
		for a != nil || c != nil {
			select {
			case _, ok := <-a:
				if !ok {
					a = nil
				}
			case _, ok := <-c:
				if !ok {
					c = nil
				}
			}
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N)/kMessages, "ns_per_msg")
}

func BenchmarkLockUnlock(b *testing.B) {
	var mu sync.Mutex
	for n := 0; n < b.N; n++ {
		mu.Lock()
		mu.Unlock()
	}
}
