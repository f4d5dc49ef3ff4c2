package oauth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// FileStore keeps the refresh token across restarts in one JSON file. With a
// Key (32 bytes) the file holds AES-256-GCM ciphertext instead of the token.
type FileStore struct {
	Path string
	Key  []byte
}

// Stored is what the token file holds.
type Stored struct {
	RefreshToken string    `json:"refresh_token"`
	Account      string    `json:"account,omitempty"`
	Scopes       []string  `json:"scopes,omitempty"`
	SavedAt      time.Time `json:"saved_at"`
	// Encrypted reports (after Load) whether the file was encrypted, so a
	// plaintext file can be re-encrypted once a key is configured.
	Encrypted bool `json:"-"`
}

// envelope is the encrypted file format. v and alg let a later version
// change the scheme without guessing.
type envelope struct {
	V          int    `json:"v"`
	Alg        string `json:"alg"`
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

const (
	envelopeVersion = 1
	envelopeAlg     = "A256GCM"
)

// aad binds the ciphertext to its purpose, so it cannot be swapped for
// another file encrypted with the same key.
var aad = []byte("gmail-mcp token file v1")

// Load reads the token file. When it does not exist the error wraps
// os.ErrNotExist.
func (f *FileStore) Load() (Stored, error) {
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return Stored{}, fmt.Errorf("read token file: %w", err)
	}
	var probe struct {
		envelope
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return Stored{}, fmt.Errorf("token file %s is not valid JSON (%v): delete it and connect again", f.Path, err)
	}
	if probe.Ciphertext == nil {
		var s Stored
		if err := json.Unmarshal(data, &s); err != nil {
			return Stored{}, fmt.Errorf("token file %s: %w", f.Path, err)
		}
		if s.RefreshToken == "" {
			return Stored{}, fmt.Errorf("token file %s holds no refresh token: delete it and connect again", f.Path)
		}
		return s, nil
	}
	if probe.V != envelopeVersion || probe.Alg != envelopeAlg {
		return Stored{}, fmt.Errorf("token file %s uses an unknown format (v=%d alg=%q): it was written by a newer gmail-mcp", f.Path, probe.V, probe.Alg)
	}
	if len(f.Key) == 0 {
		return Stored{}, fmt.Errorf("token file %s is encrypted: set GMAIL_TOKEN_KEY to the key it was written with, or delete the file and connect again", f.Path)
	}
	gcm, err := newGCM(f.Key)
	if err != nil {
		return Stored{}, err
	}
	if len(probe.Nonce) != gcm.NonceSize() {
		return Stored{}, fmt.Errorf("token file %s is damaged (bad nonce): delete it and connect again", f.Path)
	}
	plain, err := gcm.Open(nil, probe.Nonce, probe.Ciphertext, aad)
	if err != nil {
		return Stored{}, fmt.Errorf("GMAIL_TOKEN_KEY does not decrypt %s: %w (use the key the file was written with, or delete the file and connect again)", f.Path, err)
	}
	var s Stored
	if err := json.Unmarshal(plain, &s); err != nil || s.RefreshToken == "" {
		return Stored{}, fmt.Errorf("token file %s: decrypted content holds no refresh token: delete it and connect again", f.Path)
	}
	s.Encrypted = true
	return s, nil
}

// Save writes s atomically with mode 0600, encrypted when Key is set.
func (f *FileStore) Save(s Stored) error {
	if s.SavedAt.IsZero() {
		s.SavedAt = time.Now().UTC()
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode token file: %w", err)
	}
	if len(f.Key) > 0 {
		gcm, err := newGCM(f.Key)
		if err != nil {
			return err
		}
		nonce := make([]byte, gcm.NonceSize())
		_, _ = rand.Read(nonce) // crypto/rand.Read never fails
		data, err = json.Marshal(envelope{
			V:          envelopeVersion,
			Alg:        envelopeAlg,
			Nonce:      nonce,
			Ciphertext: gcm.Seal(nil, nonce, data, aad),
		})
		if err != nil {
			return fmt.Errorf("encode token file: %w", err)
		}
	}
	return writeFileAtomic(f.Path, append(data, '\n'))
}

// Remove deletes the token file; a missing file is not an error.
func (f *FileStore) Remove() error {
	if err := os.Remove(f.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove token file: %w", err)
	}
	return nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("token key is %d bytes: %s", len(key), keyFormatHelp)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("token key: %w", err)
	}
	return cipher.NewGCM(block)
}
