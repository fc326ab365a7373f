package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/cortexproject/cortex/pkg/ring"
)

func runBenchRing(args []string) error {
	fs := flag.NewFlagSet("bench-ring", flag.ExitOnError)
	instances := fs.Int("instances", 1000, "instances in the ring")
	tokens := fs.Int("tokens", 512, "tokens per instance")
	seed := fs.Int64("seed", 1, "token seed")
	out := fs.String("out", "", "file for the encoded ring (Consul KV value)")
	_ = fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("-out is required")
	}
	rnd := rand.New(rand.NewSource(*seed))
	now := time.Now()
	desc, taken := ring.NewDesc(), map[uint32]bool{}
	zones := []string{"zone-a", "zone-b", "zone-c"}
	for i := 0; i < *instances; i++ {
		add(desc, fmt.Sprintf("ingester-%04d", i), fmt.Sprintf("10.%d.%d.%d:9095", i/65536, i/256%256, i%256), zones[i%len(zones)],
			randomTokens(rnd, *tokens, taken), ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Duration(rnd.Intn(30))*time.Second))
	}
	value, err := ring.GetCodec().Encode(desc)
	if err != nil {
		return err
	}
	return os.WriteFile(*out, value, 0o644)
}

// ownership is the status page's token count (Cortex pkg/ring ring.go countTokens) written against the ring
// package's exported API: countTokens itself is unexported. The owner of a range is the instance holding the
// range's upper token; when two instances hold one token the later ID wins, as in Desc.getTokensInfo.
func ownership(desc *ring.Desc) map[string]float64 {
	ids := make([]string, 0, len(desc.Ingesters))
	for id := range desc.Ingesters {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	owner := map[uint32]string{}
	for _, id := range ids {
		for _, t := range desc.Ingesters[id].Tokens {
			owner[t] = id
		}
	}
	tokens := desc.GetTokens()
	owned := make(map[string]int64, len(ids))
	for i := 1; i <= len(tokens); i++ {
		from, to := tokens[i-1], tokens[i%len(tokens)]
		distance := int64(to) - int64(from)
		if from >= to {
			distance = math.MaxUint32 - int64(from) + int64(to) + 1
		}
		owned[owner[to]] += distance
	}
	out := make(map[string]float64, len(ids))
	for _, id := range ids {
		out[id] = float64(owned[id]) / float64(math.MaxUint32+1) * 100
	}
	return out
}

type benchResult struct {
	Implementation string  `json:"implementation"`
	Instances      int     `json:"instances"`
	Tokens         int     `json:"tokens"`
	Iterations     int     `json:"iterations"`
	P50Ms          float64 `json:"p50Ms"`
	MinMs          float64 `json:"minMs"`
	MaxMs          float64 `json:"maxMs"`
	// Ownership per instance, printed as the status page prints floats, so the caller can check both sides agree.
	Ownership map[string]string `json:"ownership"`
	// Whether the exported-API ownership above equals what ring.Ring's /ring page prints for the same ring.
	MatchesStatusPage bool `json:"matchesStatusPage"`
}

func runBench(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	in := fs.String("in", "", "encoded ring (from bench-ring)")
	iterations := fs.Int("iterations", 30, "timed iterations (after one warm-up)")
	_ = fs.Parse(args)
	value, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	codec := ring.GetCodec()
	var result map[string]float64
	var desc *ring.Desc
	samples := make([]float64, 0, *iterations)
	for i := -1; i < *iterations; i++ {
		runtime.GC()
		start := time.Now()
		decoded, err := codec.Decode(value)
		if err != nil {
			return err
		}
		desc = decoded.(*ring.Desc)
		result = ownership(desc)
		elapsed := time.Since(start)
		if i >= 0 {
			samples = append(samples, float64(elapsed.Nanoseconds())/1e6)
		}
	}
	slices.Sort(samples)
	tokens := 0
	for _, in := range desc.Ingesters {
		tokens += len(in.Tokens)
	}
	res := benchResult{Implementation: "cortex pkg/ring (Go)", Instances: len(desc.Ingesters), Tokens: tokens, Iterations: *iterations,
		P50Ms: samples[len(samples)/2], MinMs: samples[0], MaxMs: samples[len(samples)-1], Ownership: map[string]string{}}
	for id, o := range result {
		res.Ownership[id] = fmt.Sprint(o) // as html/template prints it
	}
	page, err := statusPage(desc, false, 0)
	if err != nil {
		return err
	}
	res.MatchesStatusPage = len(page) == len(result)
	for _, row := range page {
		if res.Ownership[row.ID] != row.Ownership {
			res.MatchesStatusPage = false
		}
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}
