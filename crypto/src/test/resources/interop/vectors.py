#!/usr/bin/env python3
"""Recompute vnfx's ECIES envelope and VNFXENC1 package test vectors with another implementation.

Uses Python's `cryptography` package (OpenSSL underneath), nothing from vnfx. Run it and compare the
printed hex with EciesTest.ENVELOPE and PackageCipherTest.CIPHERTEXT:

    python3 crypto/src/test/resources/interop/vectors.py
"""
import hashlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def label(text):
    return hashlib.sha256(text.encode()).digest()


def compressed(private_key):
    return private_key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)


# --- vnfx-ecies-v1 -----------------------------------------------------------------------------
recipient = ec.derive_private_key(int.from_bytes(label("vnfx test recipient"), "big"), ec.SECP256K1())
ephemeral = ec.derive_private_key(int.from_bytes(label("vnfx test ephemeral"), "big"), ec.SECP256K1())
nonce = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaab")
context = b"vnfx test context"
secret = bytes(range(32))

shared_x = ephemeral.exchange(ec.ECDH(), recipient.public_key())
key = HKDF(hashes.SHA256(), 32, salt=compressed(ephemeral) + compressed(recipient), info=b"vnfx-ecies-v1" + context).derive(shared_x)
header = b"\x01" + compressed(ephemeral) + nonce
print("recipient public key", compressed(recipient).hex())
print("envelope", (header + AESGCM(key).encrypt(nonce, secret, header)).hex())

# --- VNFXENC1 ----------------------------------------------------------------------------------
content_key = label("vnfx test content key")
plaintext = b"The quick brown fox jumps over the lazy dog"
chunk_size = 16
prefix = bytes.fromhex("b0b1b2b3b4b5b6")
header = b"VNFXENC1" + chunk_size.to_bytes(4, "big") + prefix
chunks = [plaintext[i:i + chunk_size] for i in range(0, len(plaintext), chunk_size)] or [b""]
out = header
for i, chunk in enumerate(chunks):
    last = b"\x01" if i == len(chunks) - 1 else b"\x00"
    out += AESGCM(content_key).encrypt(prefix + i.to_bytes(4, "big") + last, chunk, header)
print("package ciphertext", out.hex())
print("plaintext sha256", hashlib.sha256(plaintext).hexdigest())
print("ciphertext sha256", hashlib.sha256(out).hexdigest())
