//go:build !linux

package store

import "errors"

// renameNoReplace has no system call to use here: Place links instead.
func renameNoReplace(oldpath, newpath string) error { return errors.ErrUnsupported }
