package importer

import (
	"io"
	"os"
)

// File is a Reader over an opened file; Close closes the file.
type File struct {
	*Reader
	f *os.File
}

// Close closes the underlying file.
func (f *File) Close() error { return f.f.Close() }

// OpenFile opens the log at path for reading. When opts.Name is empty the
// path is used for it, so a date in the file name is found.
func OpenFile(path string, opts Options) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if opts.Name == "" {
		opts.Name = path
	}
	return &File{Reader: New(io.Reader(f), opts), f: f}, nil
}
