// Command ringtool answers ring questions with Cortex's own ring code, so that the TypeScript ring client can be
// checked against it: test vectors written by Cortex's codec and read back by Cortex's /ring status page, and the
// Go side of the decode + ownership benchmark.
//
//	ringtool fixtures -out DIR                      vectors: DIR/<name>.bin (KV value) + DIR/<name>.json (expected)
//	ringtool bench-ring -instances N -tokens T -out FILE   a random ring, encoded as Cortex stores it in Consul
//	ringtool bench -in FILE -iterations K            p50 of decode + ownership, as JSON on stdout
//	ringtool quorum-fixtures -out DIR               vectors: every range's replica set and verdict from Ring.Get
//	ringtool bench-verdict -in FILE -iterations K    p50 of the quorum verdict (Ring.Get over every range), as JSON
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "fixtures":
		err = runFixtures(os.Args[2:])
	case "bench-ring":
		err = runBenchRing(os.Args[2:])
	case "bench":
		err = runBench(os.Args[2:])
	case "quorum-fixtures":
		err = runQuorumFixtures(os.Args[2:])
	case "bench-verdict":
		err = runBenchVerdict(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ringtool %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: ringtool fixtures -out DIR | bench-ring -instances N -tokens T -out FILE | bench -in FILE -iterations K | quorum-fixtures -out DIR | bench-verdict -in FILE")
	os.Exit(2)
}
