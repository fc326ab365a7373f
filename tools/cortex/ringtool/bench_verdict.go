package main

import (
	"encoding/json"
	"flag"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/cortexproject/cortex/pkg/ring"
)

// verdictSummary is the share of the token space per class and operation: broken (Get fails: quorum lost),
// degraded (fewer healthy replicas than RF), ok.
type verdictSummary map[string]map[string]float64

// judge asks Cortex's ring.Get about every range, for writes and reads, and sums the token space per class.
func judge(r *ring.Ring, tokens []uint32, replicationFactor int) verdictSummary {
	out := verdictSummary{}
	bufDescs, bufHosts, bufZones := ring.MakeBuffersForGet()
	for name, op := range map[string]ring.Operation{"write": ring.Write, "read": ring.Read} {
		shares := map[string]float64{"ok": 0, "degraded": 0, "broken": 0}
		for j, end := range tokens {
			first := tokens[(j+len(tokens)-1)%len(tokens)]
			size := float64(end) - float64(first)
			if first >= end {
				size += 1 << 32
			}
			set, err := r.Get(first, op, bufDescs, bufHosts, bufZones)
			switch {
			case err != nil:
				shares["broken"] += size
			case len(set.Instances) < replicationFactor:
				shares["degraded"] += size
			default:
				shares["ok"] += size
			}
		}
		for class := range shares {
			shares[class] /= 1 << 32
		}
		out[name] = shares
	}
	return out
}

type verdictBenchResult struct {
	Implementation string         `json:"implementation"`
	Instances      int            `json:"instances"`
	Tokens         int            `json:"tokens"`
	Ranges         int            `json:"ranges"`
	Iterations     int            `json:"iterations"`
	P50Ms          float64        `json:"p50Ms"`
	MinMs          float64        `json:"minMs"`
	MaxMs          float64        `json:"maxMs"`
	DecodeP50Ms    float64        `json:"decodeP50Ms"`
	Verdict        verdictSummary `json:"verdict"`
}

// runBenchVerdict times the verdict from a decoded ring: a ring.Ring built on it (Cortex's token sort and
// lookup maps) and ring.Get + Filter for every range, for both operations. Decoding is timed apart.
func runBenchVerdict(args []string) error {
	fs := flag.NewFlagSet("bench-verdict", flag.ExitOnError)
	in := fs.String("in", "", "encoded ring (Consul KV value)")
	iterations := fs.Int("iterations", 10, "timed iterations (after one warm-up)")
	replicationFactor := fs.Int("replication-factor", 3, "-distributor.replication-factor")
	zoneAware := fs.Bool("zone-awareness", false, "-distributor.zone-awareness-enabled")
	judgeAt := fs.Int64("now", 0, "unix seconds to judge heartbeats at (default: when decoded)")
	_ = fs.Parse(args)
	value, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	params := ringParams{ReplicationFactor: *replicationFactor, ZoneAwareness: *zoneAware, HeartbeatTimeoutSeconds: 60}
	codec := ring.GetCodec()
	var result verdictBenchResult
	samples, decodes := []float64{}, []float64{}
	for i := -1; i < *iterations; i++ {
		runtime.GC()
		start := time.Now()
		decoded, err := codec.Decode(value)
		if err != nil {
			return err
		}
		decodedAt := time.Now()
		desc := decoded.(*ring.Desc)
		now := decodedAt
		if *judgeAt != 0 {
			now = time.Unix(*judgeAt, 0)
		}
		r, stop, err := startRing(desc, params, now, ring.NewDefaultReplicationStrategy())
		if err != nil {
			return err
		}
		tokens := distinctTokens(desc)
		verdict := judge(r, tokens, *replicationFactor)
		elapsed := time.Since(decodedAt)
		stop()
		if i >= 0 {
			samples = append(samples, float64(elapsed.Nanoseconds())/1e6)
			decodes = append(decodes, float64(decodedAt.Sub(start).Nanoseconds())/1e6)
		}
		n := 0
		for _, in := range desc.Ingesters {
			n += len(in.Tokens)
		}
		result = verdictBenchResult{Implementation: "cortex pkg/ring Ring.Get + Filter (Go)", Instances: len(desc.Ingesters), Tokens: n, Ranges: len(tokens), Verdict: verdict}
	}
	slices.Sort(samples)
	slices.Sort(decodes)
	result.Iterations, result.P50Ms, result.MinMs, result.MaxMs = *iterations, samples[len(samples)/2], samples[0], samples[len(samples)-1]
	result.DecodeP50Ms = decodes[len(decodes)/2]
	return json.NewEncoder(os.Stdout).Encode(result)
}
