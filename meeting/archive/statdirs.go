package archive

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
)

// statDirs stats every recorded directory and returns those whose mtime
// moved (with the new mtime), those gone (or no longer a directory), and
// the errors that say neither (a directory that cannot be searched, no
// file descriptor left): those directories are left as recorded, so the
// next Refresh looks again rather than forgetting what is in them.
// This is the cost of Refresh, so each child is statted relative to its
// parent, opened once per chunk of children (half the kernel's work of
// an absolute path, and no allocation per child), and the chunks are
// spread over GOMAXPROCS workers; at most one parent per worker is open
// at a time, however many parents the layout has.
func statDirs(root string, t *dirTable) (changed map[string]int64, gone []string, errs []FileError) {
	changed = map[string]int64{}
	type chunk struct{ row, lo, hi int }
	var chunks []chunk
	const chunkSize = 1024
	for i, d := range t.rows {
		for lo := 0; lo < len(d.kids); lo += chunkSize {
			chunks = append(chunks, chunk{i, lo, min(lo+chunkSize, len(d.kids))})
		}
	}
	rootDir, rootErr := openRoot(root)
	if rootErr == nil {
		defer rootDir.close()
	}
	var mu sync.Mutex
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(chunks), 1)) {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chunks) {
					return
				}
				ch := chunks[c]
				d := t.rows[ch.row]
				err := rootErr
				var p parentDir
				if err == nil {
					p, err = rootDir.openParent(d.parent)
				}
				if err != nil {
					// The parent is gone or no directory: so are its
					// children (and the parent is reported by its own
					// parent's row).
					mu.Lock()
					if isGone(err) {
						for k := ch.lo; k < ch.hi; k++ {
							gone = append(gone, d.rel(k))
						}
					} else {
						errs = append(errs, FileError{filepath.Join(root, filepath.FromSlash(d.parent)), err})
					}
					mu.Unlock()
					continue
				}
				for k := ch.lo; k < ch.hi; k++ {
					kid := d.kids[k]
					isDir, mtime, err := p.statChild(d.blob, kid.off, kid.n)
					if err == nil && isDir && mtime == kid.mtime {
						continue
					}
					mu.Lock()
					switch {
					case err != nil && !isGone(err):
						errs = append(errs, FileError{filepath.Join(root, filepath.FromSlash(d.rel(k))), err})
					case err != nil || !isDir:
						gone = append(gone, d.rel(k))
					default:
						changed[d.rel(k)] = mtime
					}
					mu.Unlock()
				}
				p.close()
			}
		})
	}
	wg.Wait()
	return changed, outermost(gone), errs
}

// isGone reports whether a stat or open error says the directory is no
// longer there as one.
func isGone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ELOOP)
}

// outermost sorts the gone directories and drops those under another
// gone one, whose removal covers them.
func outermost(gone []string) []string {
	set := make(map[string]bool, len(gone))
	for _, g := range gone {
		set[g] = true
	}
	if set["."] {
		return []string{"."}
	}
	var out []string
	for g := range set {
		covered := false
		for d := path.Dir(g); d != "." && !covered; d = path.Dir(d) {
			covered = set[d]
		}
		if !covered {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}
