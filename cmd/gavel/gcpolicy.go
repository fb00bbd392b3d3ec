package main

import (
	"os"
	"runtime/debug"
)

// oneShotMemory tunes the garbage collector for a command that reads its
// input once, writes its output and exits (minutes). Such a run keeps
// almost everything it allocates alive until it renders (the meeting log
// is the minutes' source), so a collection finds little to free: it only
// costs CPU and, by keeping the heap small, makes the kernel hand out and
// zero fresh pages again. The collector then waits for a memory limit
// instead of the usual doubling of the heap — the approach of one-shot
// compilers such as esbuild. The limit (a quarter of the machine's
// memory, at most 4 GiB, 512 MiB when unknown) keeps a huge log from
// taking the machine: past it the collector runs as usual.
// GOGC or GOMEMLIMIT in the environment keep their say.
func oneShotMemory() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := int64(512 << 20)
	if total := physicalMemory(); total > 0 {
		limit = min(total/4, 4<<30)
	}
	debug.SetMemoryLimit(limit)
	debug.SetGCPercent(-1)
}
