//go:build !(linux && (amd64 || arm64))

package archive

import (
	"os"
	"path/filepath"
)

// parentDir is a directory's path: without a raw fstatat here, children
// are statted by path.
type parentDir struct{ dir string }

func openRoot(root string) (parentDir, error) { return parentDir{root}, nil }

func (r parentDir) openParent(rel string) (parentDir, error) {
	return parentDir{filepath.Join(r.dir, filepath.FromSlash(rel))}, nil
}

func (p parentDir) close() {}

func (p parentDir) statChild(blob []byte, off, n uint32) (isDir bool, mtime int64, err error) {
	fi, err := os.Lstat(filepath.Join(p.dir, string(blob[off:off+n])))
	if err != nil {
		return false, 0, err
	}
	return fi.IsDir(), fi.ModTime().UnixNano(), nil
}
