// Go's channels in the shapes of the JMH suite next to this directory, so that the report can
// show the native reference. Each benchmark mirrors a JMH workload invocation for invocation:
// every one of b.N invocations gets fresh channels and goroutines, started before the clock runs
// (receivers block at once, senders wait behind a gate), moves the same number of values as the
// JMH workload, and the clock stops when the work is done. The reported ns/op, B/op and
// allocs/op are per value moved (per select, per attempt), the unit of the JMH scores; bytes/op
// repeats B/op with decimals. benchmarks/run.sh runs them; by hand:
//
//	go test -run '^$' -bench . -benchmem -benchtime 1s -count 5
package channelsbench

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// Values per invocation; the same constants as the JMH workloads.
const (
	pairOps        = 100_000 // PairBenchmark.OPS
	contendedOps   = 100_000 // ContendedBenchmark.OPS, 4 senders x 4 receivers
	manyPairs      = 1_000   // ManyPairsBenchmark.PAIRS
	perPair        = 200     // ManyPairsBenchmark.PER_PAIR
	chainThreads   = 10_000  // ChainBenchmark.THREADS
	chainMessages  = 10      // ChainBenchmark.MESSAGES
	selectOps      = 100_000 // SelectBenchmark.OPS and SelectInLoopBenchmark.OPS
	timedSelectOps = 20_000  // SelectBenchmark.TIMED_OPS
	selectTimeout  = time.Second
	tryOps         = 10_000  // TryReceiveBenchmark.OPS
	pingPongOps    = 100_000 // PingPongBenchmark.OPS, round trips
	fanInOps       = 100_000 // FanInBenchmark.OPS
	fanInSenders   = 8       // FanInBenchmark.SENDERS
)

// item is the value every benchmark moves.
const item = 42

// invocation is one prepared invocation: run releases the senders, runs the body on the
// benchmark goroutine if there is one, and returns when the work is done.
type invocation struct {
	gate chan struct{}
	done sync.WaitGroup
	body func()
}

func newInvocation() *invocation {
	return &invocation{gate: make(chan struct{})}
}

// start runs f on a new goroutine now; the invocation waits for it.
func (inv *invocation) start(f func()) {
	inv.done.Add(1)
	go func() {
		defer inv.done.Done()
		f()
	}()
}

// startGated runs f on a new goroutine once the gate opens; the invocation waits for it.
func (inv *invocation) startGated(f func()) {
	inv.start(func() {
		<-inv.gate
		f()
	})
}

// here makes f the body that run runs on the benchmark goroutine itself, as JMH runs a
// single-threaded benchmark on its own thread.
func (inv *invocation) here(f func()) {
	inv.body = f
}

func (inv *invocation) run() {
	close(inv.gate)
	if inv.body != nil {
		inv.body()
	}
	inv.done.Wait()
}

// measure runs b.N invocations made by prepare, timing and counting allocations of run only
// (the benchmark timer runs only then too, so that Go's choice of b.N sees the same time), and
// reports ns/op, B/op and allocs/op per operation: ops per invocation.
func measure(b *testing.B, ops int, prepare func() *invocation) {
	b.StopTimer()
	var elapsed time.Duration
	var bytes, allocs uint64
	var before, after runtime.MemStats
	for i := 0; i < b.N; i++ {
		inv := prepare()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		start := time.Now()
		inv.run()
		elapsed += time.Since(start)
		b.StopTimer()
		runtime.ReadMemStats(&after)
		bytes += after.TotalAlloc - before.TotalAlloc
		allocs += after.Mallocs - before.Mallocs
	}
	total := float64(b.N) * float64(ops)
	b.ReportMetric(float64(elapsed.Nanoseconds())/total, "ns/op")
	b.ReportMetric(float64(bytes)/total, "B/op")     // printed as a whole number by -benchmem
	b.ReportMetric(float64(bytes)/total, "bytes/op") // the same with decimals, for the report
	b.ReportMetric(float64(allocs)/total, "allocs/op")
}

func sender(c chan<- int, n int) func() {
	return func() {
		for i := 0; i < n; i++ {
			c <- item
		}
	}
}

func receiver(c <-chan int, n int) func() {
	return func() {
		for i := 0; i < n; i++ {
			if <-c != item {
				panic("received a value that was never sent")
			}
		}
	}
}

func pair(b *testing.B, capacity int) {
	measure(b, pairOps, func() *invocation {
		c := make(chan int, capacity)
		inv := newInvocation()
		inv.start(receiver(c, pairOps))
		inv.startGated(sender(c, pairOps))
		return inv
	})
}

// PairBenchmark.rendezvous
func BenchmarkPairRendezvous(b *testing.B) { pair(b, 0) }

// PairBenchmark.buffered16
func BenchmarkPairBuffered16(b *testing.B) { pair(b, 16) }

// PairBenchmark.buffered100
func BenchmarkPairBuffered100(b *testing.B) { pair(b, 100) }

// PairBenchmark.unlimited has no Go counterpart: Go has no unlimited channel.

// ContendedBenchmark.fourByFour
func BenchmarkContended(b *testing.B) {
	measure(b, contendedOps, func() *invocation {
		c := make(chan int, 64)
		inv := newInvocation()
		for i := 0; i < 4; i++ {
			inv.start(receiver(c, contendedOps/4))
		}
		for i := 0; i < 4; i++ {
			inv.startGated(sender(c, contendedOps/4))
		}
		return inv
	})
}

// ManyPairsBenchmark.thousandPairs
func BenchmarkManyPairs(b *testing.B) {
	measure(b, manyPairs*perPair, func() *invocation {
		inv := newInvocation()
		for i := 0; i < manyPairs; i++ {
			c := make(chan int, 16)
			inv.start(receiver(c, perPair))
			inv.startGated(sender(c, perPair))
		}
		return inv
	})
}

// ChainBenchmark.chain: ns/op is per hand-off, one value over one link.
func BenchmarkChain(b *testing.B) {
	links := chainThreads - 1
	measure(b, links*chainMessages, func() *invocation {
		inv := newInvocation()
		in := make(chan int)
		inv.startGated(sender(in, chainMessages))
		for i := 1; i < links; i++ {
			from, to := in, make(chan int)
			go func() {
				for m := 0; m < chainMessages; m++ {
					to <- <-from
				}
			}()
			in = to
		}
		inv.start(receiver(in, chainMessages))
		return inv
	})
}

// check panics unless v is the value every benchmark sends.
func check(v int) {
	if v != item {
		panic("received a value that was never sent")
	}
}

// selectTwo: a receiver selecting over two channels of the given capacity, each fed by its own
// sender with half the values. A Go select statement is built where it runs, so this is the shape
// of both SelectBenchmark.twoReceives (built once in Java) and SelectInLoopBenchmark.
func selectTwo(b *testing.B, capacity int) {
	measure(b, selectOps, func() *invocation {
		x, y := make(chan int, capacity), make(chan int, capacity)
		inv := newInvocation()
		inv.start(func() {
			for received := 0; received < selectOps; received++ {
				var v int
				select {
				case v = <-x:
				case v = <-y:
				}
				check(v)
			}
		})
		inv.startGated(sender(x, selectOps/2))
		inv.startGated(sender(y, selectOps-selectOps/2))
		return inv
	})
}

// selectFour: the same over four channels, a quarter of the values each.
func selectFour(b *testing.B, capacity int) {
	measure(b, selectOps, func() *invocation {
		w, x, y, z := make(chan int, capacity), make(chan int, capacity), make(chan int, capacity), make(chan int, capacity)
		inv := newInvocation()
		inv.start(func() {
			for received := 0; received < selectOps; received++ {
				var v int
				select {
				case v = <-w:
				case v = <-x:
				case v = <-y:
				case v = <-z:
				}
				check(v)
			}
		})
		for _, c := range []chan int{w, x, y, z} {
			inv.startGated(sender(c, selectOps/4))
		}
		return inv
	})
}

// SelectBenchmark.twoReceives and SelectInLoopBenchmark.twoBuffered16: buffered(16) channels.
func BenchmarkSelectTwoReceives(b *testing.B) { selectTwo(b, 16) }

// SelectInLoopBenchmark.twoRendezvous
func BenchmarkSelectTwoRendezvous(b *testing.B) { selectTwo(b, 0) }

// SelectInLoopBenchmark.fourRendezvous
func BenchmarkSelectFourRendezvous(b *testing.B) { selectFour(b, 0) }

// SelectInLoopBenchmark.fourBuffered16
func BenchmarkSelectFourBuffered16(b *testing.B) { selectFour(b, 16) }

// PingPongBenchmark.rendezvous: ns/op is per round trip, one value there and back.
func BenchmarkPingPong(b *testing.B) {
	measure(b, pingPongOps, func() *invocation {
		ping, pong := make(chan int), make(chan int)
		inv := newInvocation()
		inv.start(func() {
			for i := 0; i < pingPongOps; i++ {
				pong <- <-ping
			}
		})
		inv.startGated(func() {
			for i := 0; i < pingPongOps; i++ {
				ping <- item
				check(<-pong)
			}
		})
		return inv
	})
}

// FanInBenchmark.eightSenders: eight senders onto one unbuffered channel, one receiver.
func BenchmarkFanIn(b *testing.B) {
	measure(b, fanInOps, func() *invocation {
		c := make(chan int)
		inv := newInvocation()
		inv.start(receiver(c, fanInOps))
		for i := 0; i < fanInSenders; i++ {
			inv.startGated(sender(c, fanInOps/fanInSenders))
		}
		return inv
	})
}

// SelectBenchmark.receiveOrTimeout, written the way Go's documentation recommends when efficiency
// matters: one timer per receiving goroutine, stopped and reset for every select (time.After
// would leave a live timer behind per select until it fires; see the next benchmark).
func BenchmarkSelectTimeout(b *testing.B) {
	measure(b, timedSelectOps, func() *invocation {
		c := make(chan int, 16)
		inv := newInvocation()
		inv.start(func() {
			timer := time.NewTimer(selectTimeout)
			defer timer.Stop()
			for received := 0; received < timedSelectOps; {
				if !timer.Stop() {
					<-timer.C
				}
				timer.Reset(selectTimeout)
				select {
				case v := <-c:
					if v != item {
						panic("received a value that was never sent")
					}
					received++
				case <-timer.C:
					timer.Reset(selectTimeout) // so that the next Stop finds it running
				}
			}
		})
		inv.startGated(sender(c, timedSelectOps))
		return inv
	})
}

// SelectBenchmark.receiveOrTimeout written with the shortest idiom, time.After per select.
func BenchmarkSelectTimeAfter(b *testing.B) {
	measure(b, timedSelectOps, func() *invocation {
		c := make(chan int, 16)
		inv := newInvocation()
		inv.start(func() {
			for received := 0; received < timedSelectOps; {
				select {
				case v := <-c:
					if v != item {
						panic("received a value that was never sent")
					}
					received++
				case <-time.After(selectTimeout):
				}
			}
		})
		inv.startGated(sender(c, timedSelectOps))
		return inv
	})
}

// tryReceive is Go's non-blocking receive: a select with a default clause.
func tryReceive(c chan int) (value int, ok bool, ready bool) {
	select {
	case value, ok = <-c:
		return value, ok, true
	default:
		return 0, false, false
	}
}

var sink int

func tryReceiveLoop(b *testing.B, closed bool) {
	measure(b, tryOps, func() *invocation {
		c := make(chan int, 16)
		if closed {
			close(c)
		}
		inv := newInvocation()
		inv.here(func() {
			for i := 0; i < tryOps; i++ {
				v, ok, ready := tryReceive(c)
				if ok || ready != closed {
					panic("unexpected non-blocking receive result")
				}
				sink += v
			}
		})
		return inv
	})
}

// TryReceiveBenchmark.empty
func BenchmarkTryReceiveEmpty(b *testing.B) { tryReceiveLoop(b, false) }

// TryReceiveBenchmark.closed
func BenchmarkTryReceiveClosed(b *testing.B) { tryReceiveLoop(b, true) }
