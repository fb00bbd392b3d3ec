package minutes

import (
	"runtime"
	"slices"
	"sync"
)

// cost orders formats by how long they take on a big meeting (measured
// with BenchmarkFormat): the logs first, so the short ones fill in at the
// end and the cores finish together.
var cost = map[Format]int{FormatLogHTML: 6, FormatLogText: 5, FormatHTML: 4, FormatText: 3, FormatJSON: 2, FormatMarkdown: 1}

// Each calls do for every format, on up to GOMAXPROCS goroutines at once,
// the costliest formats first, and returns do's errors by index.
// Renderers only read the minutes, so one *meeting.Minutes may be rendered
// in several formats at once.
func Each(formats []Format, do func(i int, f Format) error) []error {
	errs := make([]error, len(formats))
	order := make([]int, len(formats))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cost[formats[b]] - cost[formats[a]] })
	workers := min(runtime.GOMAXPROCS(0), len(formats))
	if workers <= 1 {
		for _, i := range order {
			errs[i] = do(i, formats[i])
		}
		return errs
	}
	next := make(chan int, len(order))
	for _, i := range order {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				errs[i] = do(i, formats[i])
			}
		})
	}
	wg.Wait()
	return errs
}
