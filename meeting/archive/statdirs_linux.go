//go:build linux && (amd64 || arm64)

package archive

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// parentDir is an open directory (O_PATH: no read permission needed,
// as for a stat by path) that children are statted relative to.
type parentDir struct {
	fd    int
	owned bool
}

func openRoot(root string) (parentDir, error) {
	fd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	return parentDir{fd: fd, owned: true}, err
}

// openParent opens rel (slash-separated, relative to r; "." is r itself,
// not opened again). A symbolic link is not followed: the recorded
// directory is gone.
func (r parentDir) openParent(rel string) (parentDir, error) {
	if rel == "." {
		return parentDir{fd: r.fd}, nil
	}
	fd, err := unix.Openat(r.fd, rel, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	return parentDir{fd: fd, owned: true}, err
}

func (p parentDir) close() {
	if p.owned {
		unix.Close(p.fd)
	}
}

// statChild lstats the child named blob[off:off+n], which blob[off+n]
// (a NUL) ends: the name is passed to the kernel in place, where
// unix.Fstatat would copy it to a new C string for every child.
func (p parentDir) statChild(blob []byte, off, n uint32) (isDir bool, mtime int64, err error) {
	_ = blob[off+n] // the NUL is there (decodeDirKids checked it)
	var st unix.Stat_t
	for {
		_, _, e := unix.Syscall6(unix.SYS_NEWFSTATAT, uintptr(p.fd), uintptr(unsafe.Pointer(&blob[off])),
			uintptr(unsafe.Pointer(&st)), unix.AT_SYMLINK_NOFOLLOW, 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return false, 0, e
		}
		return st.Mode&unix.S_IFMT == unix.S_IFDIR, st.Mtim.Sec*1e9 + st.Mtim.Nsec, nil
	}
}
