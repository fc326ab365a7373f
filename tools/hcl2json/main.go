// Command hcl2json is hcl-lint's native parser: the same Go libraries @cdktn/hcl2json compiles to WASM
// (tmccombs/hcl2json over hashicorp/hcl/v2, the versions in go.mod), built for this machine, so that a short
// run spawns a ready binary instead of compiling 7 MB of WASM and starting a Go runtime inside Node.
//
// It answers the two calls hcl-lint makes, with the text the WASM answers (bench/hcl-lint/parsers.js compares
// them on the whole corpus):
//
//	parse             a file → its body as JSON (convert.Bytes, no simplification)
//	getExpressionAst  one expression → its syntax tree as indented JSON (expression.go)
//
// Protocol on stdin/stdout, binary-safe and pipelined (answers come in request order):
//
//	on start:  "hcl2json <module@version …>\n"  (the Go modules linked in, so a caller can refuse a mismatch)
//	request:   "<p|e> <name bytes> <source bytes>\n" <name> <source>     (p = parse, e = getExpressionAst)
//	answer:    "<ok|err> <bytes>\n" <JSON, or the error text>
//
// It exits when stdin closes.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/tmccombs/hcl2json/convert"
)

func main() {
	in := bufio.NewReaderSize(os.Stdin, 64<<10)
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	fmt.Fprintf(out, "hcl2json %s\n", linkedModules())
	if err := serve(in, out); err != nil {
		fmt.Fprintf(os.Stderr, "hcl2json: %v\n", err)
		os.Exit(1)
	}
}

// serve answers requests until stdin ends; it flushes whenever no further request is already buffered.
func serve(in *bufio.Reader, out *bufio.Writer) error {
	for {
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return err
			}
		}
		header, err := in.ReadString('\n')
		if err == io.EOF && header == "" {
			return out.Flush()
		}
		op, nameLen, sourceLen, err := parseHeader(header, err)
		if err != nil {
			return err
		}
		body := make([]byte, nameLen+sourceLen)
		if _, err := io.ReadFull(in, body); err != nil {
			return fmt.Errorf("request cut short: %v", err)
		}
		answer, err := call(op, string(body[:nameLen]), body[nameLen:])
		status := "ok"
		if err != nil {
			status, answer = "err", err.Error()
		}
		fmt.Fprintf(out, "%s %d\n%s", status, len(answer), answer)
	}
}

// parseHeader reads "<op> <name bytes> <source bytes>\n".
func parseHeader(header string, readErr error) (op string, nameLen, sourceLen int, err error) {
	fields := strings.Fields(header)
	if readErr == nil && len(fields) == 3 {
		nameLen, err = strconv.Atoi(fields[1])
		if err == nil {
			sourceLen, err = strconv.Atoi(fields[2])
		}
		if err == nil && nameLen >= 0 && sourceLen >= 0 {
			return fields[0], nameLen, sourceLen, nil
		}
	}
	return "", 0, 0, fmt.Errorf("bad request header %q", header)
}

// call runs one request; a panic inside the libraries is that request's error, not the end of the process.
func call(op, name string, source []byte) (answer string, err error) {
	defer func() {
		if caught := recover(); caught != nil {
			err = fmt.Errorf("hcl2json: internal error on %s: %v", name, caught)
		}
	}()
	switch op {
	case "p":
		converted, err := convert.Bytes(source, name, convert.Options{Simplify: false})
		return string(converted), err
	case "e":
		return expressionAst(name, string(source))
	}
	return "", fmt.Errorf("unknown operation %q", op)
}

// linkedModules names the Go modules built into this binary, sorted: "path@version path@version …".
func linkedModules() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	modules := make([]string, 0, len(info.Deps))
	for _, dep := range info.Deps {
		modules = append(modules, dep.Path+"@"+dep.Version)
	}
	sort.Strings(modules)
	return strings.Join(modules, " ")
}
