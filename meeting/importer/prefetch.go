package importer

import (
	"iter"

	"github.com/gavel-irc/gavel/meeting"
)

// prefetchBatch is how many lines go over the channel at once: enough to
// make the hand-over cost nothing per line, few enough to start folding
// at once.
const prefetchBatch = 1024

// Prefetched yields the reader's lines, read and parsed ahead on another
// goroutine, so that parsing the log overlaps whatever the caller does
// with each line (folding it into a meeting) on a second core. The
// reader must not be used otherwise until the sequence ends; then Err and
// DateKnown are valid. Breaking out of the loop stops the reading
// goroutine.
func (r *Reader) Prefetched() iter.Seq[meeting.Line] {
	return func(yield func(meeting.Line) bool) {
		batches := make(chan []meeting.Line, 4)
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer close(batches)
			batch := make([]meeting.Line, 0, prefetchBatch)
			for r.Next() {
				batch = append(batch, r.Line())
				if len(batch) == prefetchBatch {
					select {
					case batches <- batch:
					case <-stop:
						return
					}
					batch = make([]meeting.Line, 0, prefetchBatch)
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
		}
	}
}
