package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/cortexproject/cortex/pkg/ring"
)

const fixtureHeartbeatTimeout = time.Minute

// fixtureInstance is an InstanceDesc as Cortex decodes it, with the state spelled as Cortex names it.
type fixtureInstance struct {
	Addr                string   `json:"addr"`
	Timestamp           int64    `json:"timestamp"`
	State               string   `json:"state"`
	Tokens              []uint32 `json:"tokens"`
	Zone                string   `json:"zone"`
	RegisteredTimestamp int64    `json:"registeredTimestamp"`
}

type fixture struct {
	Name                    string                     `json:"name"`
	Description             string                     `json:"description"`
	WrittenBy               string                     `json:"writtenBy"`
	Now                     int64                      `json:"now"`
	HeartbeatTimeoutSeconds int                        `json:"heartbeatTimeoutSeconds"`
	Instances               map[string]fixtureInstance `json:"instances"`
	StatusPage              []pageRow                  `json:"statusPage"`
	StatusPageZoneAware     []pageRow                  `json:"statusPageZoneAware"`
}

type vector struct {
	name, description string
	build             func(now time.Time, rnd *rand.Rand) *ring.Desc
}

// randomTokens draws distinct tokens the way Cortex's RandomTokenGenerator does, from a seeded source.
func randomTokens(rnd *rand.Rand, n int, taken map[uint32]bool) []uint32 {
	tokens := make([]uint32, 0, n)
	for len(tokens) < n {
		t := rnd.Uint32()
		if taken[t] {
			continue
		}
		taken[t] = true
		tokens = append(tokens, t)
	}
	slices.Sort(tokens)
	return tokens
}

func add(d *ring.Desc, id, addr, zone string, tokens []uint32, state ring.InstanceState, registered, heartbeat time.Time) {
	d.AddIngester(id, addr, zone, tokens, state, registered)
	in := d.Ingesters[id]
	in.Timestamp = 0
	if !heartbeat.IsZero() {
		in.Timestamp = heartbeat.Unix()
	}
	d.Ingesters[id] = in
}

var vectors = []vector{
	{"three-ingesters", "three ACTIVE ingesters with 128 random tokens each", func(now time.Time, rnd *rand.Rand) *ring.Desc {
		d, taken := ring.NewDesc(), map[uint32]bool{}
		for i := 1; i <= 3; i++ {
			add(d, fmt.Sprintf("ingester-%d", i), fmt.Sprintf("10.0.0.%d:9095", i), "", randomTokens(rnd, 128, taken), ring.ACTIVE, now.Add(-time.Hour), now.Add(-2*time.Second))
		}
		return d
	}},
	{"states-and-health", "one instance per state (ACTIVE..READONLY); stale, fresh and zero heartbeats", func(now time.Time, rnd *rand.Rand) *ring.Desc {
		d, taken := ring.NewDesc(), map[uint32]bool{}
		heartbeats := []time.Duration{2 * time.Second, 10 * time.Minute, 30 * time.Second, 5 * time.Second, 3 * time.Hour, 15 * time.Second}
		for i, state := range []ring.InstanceState{ring.ACTIVE, ring.LEAVING, ring.PENDING, ring.JOINING, ring.LEFT, ring.READONLY} {
			tokens := randomTokens(rnd, 16, taken)
			if state == ring.PENDING {
				tokens = nil
			}
			add(d, fmt.Sprintf("ingester-%s", state), fmt.Sprintf("10.0.1.%d:9095", i), "", tokens, state, now.Add(-time.Duration(i+1)*time.Hour), now.Add(-heartbeats[i]))
		}
		// A ghost: an entry that never heartbeated and never registered (mimir #13810).
		add(d, "ghost", "", "", randomTokens(rnd, 4, taken), ring.ACTIVE, time.Time{}, time.Time{})
		return d
	}},
	{"zones", "three zones with two ingesters each, 64 tokens per ingester", func(now time.Time, rnd *rand.Rand) *ring.Desc {
		d, taken := ring.NewDesc(), map[uint32]bool{}
		for z, zone := range []string{"zone-a", "zone-b", "zone-c"} {
			for i := 1; i <= 2; i++ {
				add(d, fmt.Sprintf("ingester-%s-%d", zone, i), fmt.Sprintf("10.1.%d.%d:9095", z, i), zone, randomTokens(rnd, 64, taken), ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Second))
			}
		}
		return d
	}},
	{"token-conflict", "two instances claim the same tokens; the later ID wins them", func(now time.Time, rnd *rand.Rand) *ring.Desc {
		d, taken := ring.NewDesc(), map[uint32]bool{}
		shared := randomTokens(rnd, 2, taken)
		a := append(randomTokens(rnd, 6, taken), shared...)
		b := append(randomTokens(rnd, 6, taken), shared...)
		slices.Sort(a)
		slices.Sort(b)
		add(d, "ingester-a", "10.0.2.1:9095", "", a, ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Second))
		add(d, "ingester-b", "10.0.2.2:9095", "", b, ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Second))
		add(d, "ingester-c", "10.0.2.3:9095", "", randomTokens(rnd, 8, taken), ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Second))
		return d
	}},
	{"unsorted-tokens", "an older writer's tokens in no particular order", func(now time.Time, rnd *rand.Rand) *ring.Desc {
		d, taken := ring.NewDesc(), map[uint32]bool{}
		for i := 1; i <= 2; i++ {
			tokens := randomTokens(rnd, 32, taken)
			rnd.Shuffle(len(tokens), func(a, b int) { tokens[a], tokens[b] = tokens[b], tokens[a] })
			add(d, fmt.Sprintf("ingester-%d", i), fmt.Sprintf("10.0.3.%d:9095", i), "", tokens, ring.ACTIVE, time.Time{}, now.Add(-time.Second))
		}
		return d
	}},
	{"wraparound", "tokens at 0 and 2^32-1: the range that wraps around the top of the ring", func(now time.Time, _ *rand.Rand) *ring.Desc {
		d := ring.NewDesc()
		add(d, "low", "10.0.4.1:9095", "", []uint32{0, 1 << 31}, ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Second))
		add(d, "high", "10.0.4.2:9095", "", []uint32{1<<31 + 1, math.MaxUint32}, ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Second))
		return d
	}},
	{"single-token", "one instance with one token owns the whole ring", func(now time.Time, _ *rand.Rand) *ring.Desc {
		d := ring.NewDesc()
		add(d, "only", "10.0.5.1:9095", "zone-a", []uint32{12345}, ring.ACTIVE, now.Add(-time.Hour), now.Add(-time.Second))
		return d
	}},
	{"empty", "a ring whose last instance left", func(time.Time, *rand.Rand) *ring.Desc { return ring.NewDesc() }},
}

func runFixtures(args []string) error {
	fs := flag.NewFlagSet("fixtures", flag.ExitOnError)
	out := fs.String("out", "", "directory for <name>.bin and <name>.json")
	seed := fs.Int64("seed", 1, "token seed")
	_ = fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("-out is required")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	now := time.Now()
	rnd := rand.New(rand.NewSource(*seed))
	codec := ring.GetCodec()
	for _, v := range vectors {
		desc := v.build(now, rnd)
		value, err := codec.Encode(desc)
		if err != nil {
			return fmt.Errorf("%s: encode: %w", v.name, err)
		}
		// Read back through the codec: the expectation is what Cortex decodes, not what we meant to write.
		decoded, err := codec.Decode(value)
		if err != nil {
			return fmt.Errorf("%s: decode: %w", v.name, err)
		}
		back := decoded.(*ring.Desc)
		f := fixture{
			Name: v.name, Description: v.description, Now: now.Unix(),
			WrittenBy:               "github.com/cortexproject/cortex/pkg/ring GetCodec() (proto + snappy); statusPage* rendered by ring.Ring.ServeHTTP",
			HeartbeatTimeoutSeconds: int(fixtureHeartbeatTimeout / time.Second),
			Instances:               map[string]fixtureInstance{},
		}
		for id, in := range back.Ingesters {
			f.Instances[id] = fixtureInstance{Addr: in.Addr, Timestamp: in.Timestamp, State: in.State.String(), Tokens: in.Tokens, Zone: in.Zone, RegisteredTimestamp: in.RegisteredTimestamp}
		}
		if f.StatusPage, err = statusPage(back, false, fixtureHeartbeatTimeout); err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		if f.StatusPageZoneAware, err = statusPage(back, true, fixtureHeartbeatTimeout); err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		js, err := json.MarshalIndent(f, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*out, v.name+".bin"), value, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*out, v.name+".json"), append(js, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}
