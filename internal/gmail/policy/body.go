package policy

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// bufferLimit is how much of a response is read inside the attempt. Nearly
// every Gmail answer fits, so a reset or a stall mid-body is seen (and
// retried) within the attempt and its timeout; larger ones (big attachments)
// are streamed rather than held twice in memory.
const bufferLimit = 1 << 20

// settleBody reads up to bufferLimit of resp.Body. When the body fits, it
// replaces resp.Body with the buffered bytes, calls done, and returns them.
// Otherwise resp.Body streams the rest and calls done when closed or
// exhausted (the caller reads after RoundTrip returns), and the result is nil.
// On a read error the body is closed, done called, and the error returned.
func settleBody(resp *http.Response, done func()) ([]byte, error) {
	var buf bytes.Buffer
	if resp.ContentLength > 0 && resp.ContentLength <= bufferLimit {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	_, err := io.CopyN(&buf, resp.Body, bufferLimit+1)
	switch err {
	case io.EOF:
		resp.Body.Close()
		done()
		resp.Body = bufferedBody{bytes.NewReader(buf.Bytes())}
		return buf.Bytes(), nil
	case nil:
		resp.Body = &streamingBody{r: io.MultiReader(&buf, resp.Body), c: resp.Body, done: done}
		return nil, nil
	}
	resp.Body.Close()
	done()
	return nil, err
}

type bufferedBody struct{ *bytes.Reader }

func (bufferedBody) Close() error { return nil }

// streamingBody releases the attempt's slot and timeout once the caller has
// read to the end or closed it, whichever comes first.
type streamingBody struct {
	r    io.Reader
	c    io.Closer
	once sync.Once
	done func()
}

func (b *streamingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil {
		b.once.Do(b.done)
	}
	return n, err
}

func (b *streamingBody) Close() error {
	err := b.c.Close()
	b.once.Do(b.done)
	return err
}
