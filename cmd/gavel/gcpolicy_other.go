//go:build !linux

package main

// physicalMemory is unknown here: oneShotMemory uses its default limit.
func physicalMemory() int64 { return 0 }
