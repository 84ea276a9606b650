package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	json "github.com/goccy/go-json"
	"github.com/klauspost/compress/gzip"
)

// encodedAnswer is a JSON answer encoded once for every request it serves
// (it is kept in the view cache), in plain bytes and gzip-compressed. The
// overview's answer is some 76 KB of repetitive JSON at national scale and
// about an eighth of that compressed; writing the plain bytes into the
// socket was a fifth of the server's CPU under a dashboard load. Compressing
// per response would cost more than it saves, so the compressed bytes are
// made with the answer, once per load, and every request that accepts them
// gets the same ones.
type encodedAnswer struct {
	body, gzipped []byte
}

// encodeAnswer encodes v as JSON and compresses it at gzip's fastest level
// (the size hardly differs from the default's on this JSON, and a load
// under a stream of saves runs many times a second). The encoder is
// goccy/go-json, which writes the bytes encoding/json writes
// (TestAnswerEncodingIsEncodingJSONs) in about three fifths of the time:
// under a stream of saves every request waits for a load, and the encoding
// is the load's last step, after its parts.
func encodeAnswer(v any) (encodedAnswer, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return encodedAnswer{}, err
	}
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(body); err != nil {
		return encodedAnswer{}, err
	}
	if err := zw.Close(); err != nil {
		return encodedAnswer{}, err
	}
	return encodedAnswer{body: body, gzipped: buf.Bytes()}, nil
}

// gzipWriters keeps compressors between loads: a new one allocates its
// tables, several times the size of the answer it compresses.
var gzipWriters = sync.Pool{New: func() any {
	zw, err := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	if err != nil {
		panic(err) // only for a level out of range
	}
	return zw
}}

// write answers 200 with the compressed bytes when the request accepts
// gzip, else the plain ones; caches between server and client are told the
// answer depends on Accept-Encoding. The length goes up front so that
// net/http writes the answer in one piece instead of chunking it.
func (a encodedAnswer) write(c *gin.Context) {
	h := c.Writer.Header()
	h.Add("Vary", "Accept-Encoding")
	body := a.body
	if acceptsGzip(c.GetHeader("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = a.gzipped
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// acceptsGzip reads an Accept-Encoding header (RFC 9110, section 12.5.3): a
// list of codings, each with an optional weight; gzip is accepted when it,
// its alias x-gzip or the wildcard is listed with a weight above zero, and
// a weight given for gzip itself overrides the wildcard's.
func acceptsGzip(header string) bool {
	named, wildcard := -1.0, -1.0
	for item := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(item, ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					f = 0 // a weight that cannot be read does not accept
				}
				q = f
			}
		}
		switch coding = strings.TrimSpace(coding); {
		case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
			named = max(named, q)
		case coding == "*":
			wildcard = max(wildcard, q)
		}
	}
	if named >= 0 {
		return named > 0
	}
	return wildcard > 0
}
