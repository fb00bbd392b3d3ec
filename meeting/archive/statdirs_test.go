package archive

import (
	"io/fs"
	"slices"
	"syscall"
	"testing"
)

// TestIsGone: only errors that say the directory is no longer there make
// Refresh forget it; any other leaves it recorded, to be looked at again.
func TestIsGone(t *testing.T) {
	for _, tc := range []struct {
		err  error
		gone bool
	}{
		{syscall.ENOENT, true},
		{syscall.ENOTDIR, true},
		{syscall.ELOOP, true},
		{&fs.PathError{Op: "lstat", Path: "x", Err: syscall.ENOENT}, true},
		{syscall.EACCES, false},
		{syscall.EMFILE, false},
		{syscall.EIO, false},
		{&fs.PathError{Op: "lstat", Path: "x", Err: syscall.EACCES}, false},
	} {
		if got := isGone(tc.err); got != tc.gone {
			t.Errorf("isGone(%v) = %v, want %v", tc.err, got, tc.gone)
		}
	}
}

// TestOutermost: a gone directory under another gone one is dropped (the
// outer removal covers it), and the archive gone covers everything.
func TestOutermost(t *testing.T) {
	for _, tc := range []struct {
		gone, want []string
	}{
		{nil, nil},
		{[]string{"a/x", "a", "a/x/y", "a-b", "b/c"}, []string{"a", "a-b", "b/c"}},
		{[]string{"b/c", "b/c"}, []string{"b/c"}},
		{[]string{"a/x", ".", "b"}, []string{"."}},
	} {
		if got := outermost(slices.Clone(tc.gone)); !slices.Equal(got, tc.want) {
			t.Errorf("outermost(%v) = %v, want %v", tc.gone, got, tc.want)
		}
	}
}
