package auth

import (
	"crypto/rand"
	"errors"
	"math/big"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"parkpi/internal/kpi"
)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 10

// maxPasswordBytes is bcrypt's limit: longer inputs would be silently cut.
const maxPasswordBytes = 72

// hashCost is bcrypt's work factor (2^cost rounds) for new passwords:
// bcrypt's default unless SetHashCost says otherwise.
var hashCost atomic.Int64

func init() { hashCost.Store(int64(bcrypt.DefaultCost)) }

// SetHashCost sets bcrypt's work factor for passwords hashed from now on,
// within bcrypt's bounds. Only test helpers lower it: under the race
// detector one default-cost hash takes most of a second, and a test suite
// logs in hundreds of times. Stored hashes carry their own cost.
func SetHashCost(cost int) {
	hashCost.Store(int64(min(max(cost, bcrypt.MinCost), bcrypt.MaxCost)))
}

// MinHashCost is bcrypt's lowest work factor, for tests.
const MinHashCost = bcrypt.MinCost

// checkPassword says what is wrong with a new password, or nil.
func checkPassword(pw string) *kpi.Error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLength:
		return kpi.Errorf(kpi.EINVALID, "Mật khẩu phải có ít nhất %d ký tự.",
			"The password must have at least %d characters.", MinPasswordLength)
	case len(pw) > maxPasswordBytes:
		return kpi.Errorf(kpi.EINVALID, "Mật khẩu dài quá (tối đa %d byte).",
			"The password is too long (at most %d bytes).", maxPasswordBytes)
	}
	return nil
}

// hashPassword returns the bcrypt hash of a checked password.
func hashPassword(pw string) (string, error) {
	if err := checkPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), int(hashCost.Load()))
	return string(h), err
}

// dummyHashes are compared against when the username is unknown, so a
// wrong username costs the same time as a wrong password and timing tells
// nothing about which accounts exist: one per work factor, made on first
// use.
var dummyHashes sync.Map

func dummyHash() []byte {
	cost := int(hashCost.Load())
	if h, ok := dummyHashes.Load(cost); ok {
		return h.([]byte)
	}
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user, no such password"), cost)
	dummyHashes.Store(cost, h)
	return h
}

// passwordMatches compares in constant time (bcrypt does).
func passwordMatches(hash, pw string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(pw))
		return false
	}
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw))
	return err == nil
}

// passwordAlphabet leaves out look-alikes (0/O, 1/l/I) so a printed
// password can be typed from paper.
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random password of 16 characters (about 93
// bits), for a fresh database's admin and for resets.
func GeneratePassword() (string, error) {
	b := make([]byte, 16)
	max := big.NewInt(int64(len(passwordAlphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", errors.New("no randomness for a password")
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b), nil
}
