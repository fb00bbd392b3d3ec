package importer

import (
	"iter"

	"github.com/gavel-irc/gavel/meeting"
)

// prefetchBatch is how many lines go over the channel at once: enough to
// make the hand-over cost nothing per line, few enough to start folding
// at once.
const prefetchBatch = 1024

// prefetchAhead is how many batches the reader may be ahead.
const prefetchAhead = 4

// Prefetched yields the reader's lines, read and parsed ahead on another
// goroutine, so that parsing the log overlaps whatever the caller does
// with each line (folding it into a meeting) on a second core. The
// reader must not be used otherwise until the sequence ends; then Err and
// DateKnown are valid. Breaking out of the loop stops the reading
// goroutine.
func (r *Reader) Prefetched() iter.Seq[meeting.Line] {
	return func(yield func(meeting.Line) bool) {
		batches := make(chan []meeting.Line, prefetchAhead)
		// Batches the caller is done with come back to be filled again:
		// a few stay hot in the cache instead of a fresh one per 1024
		// lines (a 200,000-line log would otherwise allocate and zero
		// its whole size again).
		free := make(chan []meeting.Line, prefetchAhead+2)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer close(batches)
			next := func() []meeting.Line {
				select {
				case b := <-free:
					return b[:0]
				default:
					return make([]meeting.Line, 0, prefetchBatch)
				}
			}
			batch := next()
			for r.Next() {
				batch = append(batch, r.Line())
				if len(batch) == prefetchBatch {
					select {
					case batches <- batch:
					case <-stop:
						return
					}
					batch = next()
				}
			}
			if len(batch) > 0 {
				select {
				case batches <- batch:
				case <-stop:
				}
			}
		}()
		// However the loop ends, the reader goroutine is done before
		// the caller may touch the reader again.
		defer func() {
			close(stop)
			<-done
		}()
		for batch := range batches {
			for _, l := range batch {
				if !yield(l) {
					return
				}
			}
			// yield took copies: the batch may be filled again.
			clear(batch) // drop its strings for the collector
			select {
			case free <- batch:
			default:
			}
		}
	}
}
