package org.vnfx.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of whole VNF packages (multi-GB images) with AES-256-GCM in constant memory.
 *
 * <p>One GCM message over the whole package cannot be decrypted in constant memory (GCM releases
 * nothing until the tag at the end is checked, and the JDK buffers the whole ciphertext until
 * {@code doFinal}), so the package is cut into chunks, each its own GCM message, chained by the
 * nonce as in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015) and Tink's
 * AES-GCM-HKDF streaming AEAD: a chunk's plaintext is released only once that chunk has
 * authenticated, and reordering, dropping, truncating or extending chunks is detected.
 *
 * <h2>Format {@code VNFXENC1}</h2>
 * All integers big-endian.
 * <pre>
 * header  = "VNFXENC1" (8 ASCII bytes) || chunk size C (4, plaintext bytes per chunk, 16..2^24)
 *           || nonce prefix P (7 random bytes)                                     -- 19 bytes
 * chunk i = AES-256-GCM(key, nonce_i, AAD = header, plaintext_i) = ciphertext_i || tag_i (16)
 * nonce_i = P (7) || i (4, unsigned, from 0) || last (1: 0x01 for the final chunk, else 0x00)
 * file    = header || chunk 0 || chunk 1 || ... || chunk k
 * </pre>
 * Every chunk but the last holds exactly C plaintext bytes; the last holds 1..C, or 0 when the whole
 * plaintext is empty (an empty package is one empty, last chunk: header + a 16-byte tag). A reader
 * therefore knows a chunk is the last one when fewer than C+16 bytes remain. The last-chunk flag in
 * the nonce makes a stream cut at a chunk boundary fail; the counter makes reordered chunks fail; the
 * header as AAD binds the chunk size and prefix. At most 2^32 chunks (4 PiB at the default 1 MiB).
 *
 * <p>Key: 32 bytes, fresh for each package ({@link #newKey()}). The random 7-byte prefix keeps nonces
 * apart should a key ever encrypt two packages, but only up to a birthday bound of 2^-56 per pair:
 * do not use one key for many packages.
 *
 * <h2>Speed</h2>
 * JCE's "AES/GCM/NoPadding" (AES-NI and CLMUL intrinsics) on reused buffers and one {@link Cipher};
 * SHA-256 on whole chunks. Hashing the plaintext is the slower half of decrypt-and-verify, so on a
 * machine with two or more cores it runs on a second thread over a pool of three chunk buffers,
 * overlapping AES-GCM and I/O. Memory is about four chunks, whatever the package size. A fresh JVM
 * would run the first gigabytes without those intrinsics (see {@link #warmUp()}); a stream longer
 * than 4 MiB warms them up first.
 */
public final class PackageCipher {
    public static final int HEADER_BYTES = 19;
    public static final int TAG_BYTES = 16;
    public static final int DEFAULT_CHUNK_BYTES = 1 << 20;
    public static final int MIN_CHUNK_BYTES = 16;
    /** Bounds what a hostile header can make a reader allocate (four chunk buffers: 64 MiB). */
    public static final int MAX_CHUNK_BYTES = 1 << 24;
    public static final int KEY_BYTES = 32;

    private static final byte[] MAGIC = "VNFXENC1".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX_BYTES = 7;
    private static final int NONCE_BYTES = 12;
    private static final long MAX_CHUNKS = 1L << 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean THREADED = Runtime.getRuntime().availableProcessors() > 1;
    /** A stream this long is worth warming the JIT for (see {@link #warmUp()}); below it, the warm-up would cost more than it saves. */
    static final long WARM_UP_AFTER_BYTES = 4L << 20;
    private static final AtomicBoolean WARM = new AtomicBoolean();

    private PackageCipher() {}

    /** What encryption produced: the plaintext digest (the package digest on chain) and the ciphertext digest (its address in the store). */
    public record Sealed(byte[] plaintextSha256, byte[] ciphertextSha256, long plaintextBytes, long ciphertextBytes) {
        public Sealed {
            plaintextSha256 = plaintextSha256.clone();
            ciphertextSha256 = ciphertextSha256.clone();
        }

        @Override
        public byte[] plaintextSha256() {
            return plaintextSha256.clone();
        }

        @Override
        public byte[] ciphertextSha256() {
            return ciphertextSha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sealed s && Arrays.equals(s.plaintextSha256, plaintextSha256) && Arrays.equals(s.ciphertextSha256, ciphertextSha256)
                    && s.plaintextBytes == plaintextBytes && s.ciphertextBytes == ciphertextBytes;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(plaintextSha256);
        }

        @Override
        public String toString() {
            return "Sealed[plaintext " + plaintextBytes + " B sha256 " + HexFormat.of().formatHex(plaintextSha256)
                    + ", ciphertext " + ciphertextBytes + " B sha256 " + HexFormat.of().formatHex(ciphertextSha256) + "]";
        }
    }

    /** What decryption produced: the digest of the plaintext it wrote, computed while streaming. */
    public record Opened(byte[] plaintextSha256, long plaintextBytes) {
        public Opened {
            plaintextSha256 = plaintextSha256.clone();
        }

        @Override
        public byte[] plaintextSha256() {
            return plaintextSha256.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opened p && Arrays.equals(p.plaintextSha256, plaintextSha256) && p.plaintextBytes == plaintextBytes;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(plaintextSha256);
        }

        @Override
        public String toString() {
            return "Opened[plaintext " + plaintextBytes + " B sha256 " + HexFormat.of().formatHex(plaintextSha256) + "]";
        }
    }

    /** A fresh random content key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The ciphertext length for a plaintext of the given length. */
    public static long ciphertextLength(long plaintextBytes, int chunkBytes) {
        checkChunkBytes(chunkBytes);
        long chunks = Math.max(1, (plaintextBytes + chunkBytes - 1) / chunkBytes);
        return HEADER_BYTES + plaintextBytes + chunks * TAG_BYTES;
    }

    /** Encrypt all of {@code plaintext} into {@code ciphertext} in 1 MiB chunks. Neither stream is closed. */
    public static Sealed encrypt(InputStream plaintext, OutputStream ciphertext, byte[] key32) throws IOException {
        return encrypt(plaintext, ciphertext, key32, DEFAULT_CHUNK_BYTES);
    }

    public static Sealed encrypt(InputStream plaintext, OutputStream ciphertext, byte[] key32, int chunkBytes) throws IOException {
        return encrypt(plaintext, ciphertext, key32, chunkBytes, RANDOM, THREADED);
    }

    /** Tests fix the random source (7 bytes are drawn: the nonce prefix) and choose threaded or inline hashing. */
    static Sealed encrypt(InputStream plaintext, OutputStream ciphertext, byte[] key32, int chunkBytes, SecureRandom random, boolean threaded)
            throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(ciphertext, "ciphertext");
        checkChunkBytes(chunkBytes);
        SecretKeySpec key = aesKey(key32);

        byte[] header = new byte[HEADER_BYTES];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        ByteBuffer.wrap(header, MAGIC.length, 4).putInt(chunkBytes);
        byte[] prefix = new byte[PREFIX_BYTES];
        random.nextBytes(prefix);
        System.arraycopy(prefix, 0, header, HEADER_BYTES - PREFIX_BYTES, PREFIX_BYTES);
        byte[] nonce = Arrays.copyOf(prefix, NONCE_BYTES);

        MessageDigest ciphertextSha = sha256();
        ciphertext.write(header);
        ciphertextSha.update(header);
        Cipher gcm = gcm();
        byte[] sealed = new byte[chunkBytes + TAG_BYTES];
        long chunk = 0, plaintextBytes = 0, ciphertextBytes = HEADER_BYTES;
        int carry = -1; // the byte read to learn whether the previous chunk was the last
        try (Sha256Pipe plaintextSha = new Sha256Pipe(chunkBytes, threaded)) {
            while (true) {
                byte[] buf = plaintextSha.take();
                int n = 0;
                if (carry >= 0) buf[n++] = (byte) carry;
                n += plaintext.readNBytes(buf, n, chunkBytes - n);
                boolean last = true;
                if (n == chunkBytes) {
                    carry = plaintext.read();
                    last = carry < 0;
                }
                if (chunk == MAX_CHUNKS) {
                    throw new CryptoException("plaintext too long: more than 2^32 chunks of " + chunkBytes + " bytes");
                }
                plaintextSha.hash(buf, n); // hashed on the other thread while this one encrypts
                int m;
                try {
                    gcm.init(Cipher.ENCRYPT_MODE, key, nonce(nonce, chunk, last));
                    gcm.updateAAD(header);
                    m = gcm.doFinal(buf, 0, n, sealed, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES-256-GCM failed: " + e.getMessage(), e);
                }
                ciphertextSha.update(sealed, 0, m);
                ciphertext.write(sealed, 0, m);
                plaintextBytes += n;
                ciphertextBytes += m;
                if (last) break;
                if (plaintextBytes >= WARM_UP_AFTER_BYTES) warmUp();
                chunk++;
            }
            return new Sealed(plaintextSha.digest(), ciphertextSha.digest(), plaintextBytes, ciphertextBytes);
        }
    }

    /**
     * Decrypt {@code ciphertext} into {@code plaintext}, releasing each chunk only once it has
     * authenticated. On failure the output holds a prefix of authentic plaintext: callers that must
     * not see a partial package use {@link #decryptVerified}. Neither stream is closed.
     *
     * @throws CryptoException the ciphertext is not a vnfx package, does not authenticate under this
     *     key (naming the chunk), is truncated, or has data after its last chunk
     */
    public static Opened decrypt(InputStream ciphertext, OutputStream plaintext, byte[] key32) throws IOException {
        return decrypt(ciphertext, plaintext, key32, THREADED);
    }

    static Opened decrypt(InputStream ciphertext, OutputStream plaintext, byte[] key32, boolean threaded) throws IOException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(plaintext, "plaintext");
        SecretKeySpec key = aesKey(key32);
        byte[] header = ciphertext.readNBytes(HEADER_BYTES);
        if (header.length == 0) {
            throw new CryptoException("not a vnfx encrypted package: it is empty");
        }
        if (header.length < MAGIC.length || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CryptoException("not a vnfx encrypted package: it does not start with \"VNFXENC1\"");
        }
        if (header.length < HEADER_BYTES) {
            throw new CryptoException("truncated header: " + header.length + " bytes, " + HEADER_BYTES + " expected");
        }
        int chunkBytes = ByteBuffer.wrap(header, MAGIC.length, 4).getInt();
        if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
            throw new CryptoException("chunk size " + Integer.toUnsignedString(chunkBytes) + " in the header is outside "
                    + MIN_CHUNK_BYTES + ".." + MAX_CHUNK_BYTES);
        }
        byte[] nonce = Arrays.copyOfRange(header, HEADER_BYTES - PREFIX_BYTES, HEADER_BYTES - PREFIX_BYTES + NONCE_BYTES);

        Cipher gcm = gcm();
        int sealedBytes = chunkBytes + TAG_BYTES;
        byte[] sealed = new byte[sealedBytes];
        long chunk = 0, plaintextBytes = 0;
        int carry = -1;
        try (Sha256Pipe plaintextSha = new Sha256Pipe(chunkBytes, threaded)) {
            while (true) {
                int n = 0;
                if (carry >= 0) sealed[n++] = (byte) carry;
                n += ciphertext.readNBytes(sealed, n, sealedBytes - n);
                // A full-size chunk is the last one only if nothing follows it: look one byte ahead.
                boolean more = false;
                if (n == sealedBytes) {
                    carry = ciphertext.read();
                    more = carry >= 0;
                }
                if (n < TAG_BYTES) {
                    throw new CryptoException(chunk == 0 && n == 0
                            ? "truncated after the header: no chunk follows"
                            : "truncated in chunk " + chunk + ": " + n + " bytes, shorter than its " + TAG_BYTES + "-byte tag");
                }
                byte[] buf = plaintextSha.take();
                int m = open(gcm, key, nonce, header, chunk, !more, sealed, n, buf);
                if (m < 0) {
                    // Only on failure: tell the operator what kind of damage it is, where that is knowable.
                    boolean otherFlagOpens = (more || n == sealedBytes) && open(gcm, key, nonce, header, chunk, more, sealed, n, buf) >= 0;
                    if (otherFlagOpens && more) {
                        throw new CryptoException("trailing data after the last chunk (chunk " + chunk + ")");
                    }
                    if (otherFlagOpens) {
                        throw new CryptoException("truncated after chunk " + chunk + ": it is not the last chunk and nothing follows it");
                    }
                    throw new CryptoException("chunk " + chunk + " does not authenticate: wrong key, or the ciphertext was modified, "
                            + "reordered, truncated or extended");
                }
                plaintextSha.hash(buf, m);
                plaintext.write(buf, 0, m);
                plaintextBytes += m;
                if (!more) break;
                if (plaintextBytes >= WARM_UP_AFTER_BYTES) warmUp();
                if (++chunk == MAX_CHUNKS) {
                    throw new CryptoException("more than 2^32 chunks: not a stream this format can produce");
                }
            }
            return new Opened(plaintextSha.digest(), plaintextBytes);
        }
    }

    /**
     * Decrypt into {@code target} all or nothing: into a temp file beside it (owner-only permissions),
     * fsync, compare the plaintext digest with {@code expectedPlaintextSha256} (from the chain), and only
     * then rename atomically over {@code target}. On a wrong digest or any error the temp file is
     * deleted and {@code target} is left as it was.
     */
    public static Opened decryptVerified(InputStream ciphertext, Path target, byte[] key32, byte[] expectedPlaintextSha256) throws IOException {
        Objects.requireNonNull(target, "target");
        if (expectedPlaintextSha256 == null || expectedPlaintextSha256.length != 32) {
            throw new IllegalArgumentException("expected plaintext SHA-256 must be 32 bytes");
        }
        aesKey(key32); // a bad key fails before anything is created
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // createTempFile gives a unique name (concurrent pulls do not collide) and rw------- on POSIX.
        Path tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".part");
        try {
            Opened opened;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                opened = decrypt(ciphertext, Channels.newOutputStream(ch), key32);
                ch.force(true);
            }
            if (!MessageDigest.isEqual(opened.plaintextSha256, expectedPlaintextSha256)) {
                throw new CryptoException("plaintext SHA-256 is " + HexFormat.of().formatHex(opened.plaintextSha256) + ", expected "
                        + HexFormat.of().formatHex(expectedPlaintextSha256) + "; " + target + " was not written");
            }
            DurableFile.rename(tmp, target);
            return opened;
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
    }

    /**
     * Get HotSpot to its fast path before a long stream crawls through the slow one. HotSpot runs
     * AES-GCM and SHA-256 with AES-NI, CLMUL and SHA-NI only in C2-compiled code, and C2 compiles a
     * method after thousands of calls; with 1 MiB chunks a stream makes a few calls per MiB, so a
     * fresh JVM would decrypt a whole multi-GB package interpreted (measured here: 256 MiB in 9 s
     * cold, 0.3 s warm). So, once per JVM, when a stream passes {@link #WARM_UP_AFTER_BYTES}: small
     * encrypt, decrypt and hash calls with a throwaway key, through the same methods the streams use,
     * until decrypting and hashing a 256 KiB probe runs at hundreds of MiB/s, or 2 s have passed.
     * Typically 0.2 to 0.5 s. Best effort: it changes no result.
     */
    static void warmUp() {
        if (WARM.get() || !WARM.compareAndSet(false, true)) return;
        SecretKeySpec key = new SecretKeySpec(new byte[KEY_BYTES], "AES"); // throwaway: nonce reuse across runs is harmless
        Cipher enc = gcm(), dec = gcm();
        MessageDigest sha = sha256();
        byte[] header = new byte[HEADER_BYTES], nonce = new byte[NONCE_BYTES];
        byte[] small = new byte[256], smallSealed = new byte[small.length + TAG_BYTES];
        byte[] probe = new byte[1 << 18], probeSealed = new byte[probe.length + TAG_BYTES];
        long start = System.nanoTime(), budget = 2_000_000_000L;
        try {
            enc.init(Cipher.ENCRYPT_MODE, key, nonce(nonce, 0, true));
            enc.updateAAD(header);
            enc.doFinal(probe, 0, probe.length, probeSealed, 0);
            for (long counter = 0; System.nanoTime() - start < budget; ) {
                for (int i = 0; i < 500; i++, counter++) {
                    GCMParameterSpec spec = nonce(nonce, counter, false);
                    enc.init(Cipher.ENCRYPT_MODE, key, spec);
                    enc.updateAAD(header);
                    enc.doFinal(small, 0, small.length, smallSealed, 0);
                    dec.init(Cipher.DECRYPT_MODE, key, spec);
                    dec.updateAAD(header);
                    dec.doFinal(smallSealed, 0, smallSealed.length, small, 0);
                    sha.update(small, 0, small.length);
                }
                long t = System.nanoTime();
                dec.init(Cipher.DECRYPT_MODE, key, nonce(nonce, 0, true));
                dec.updateAAD(header);
                dec.doFinal(probeSealed, 0, probeSealed.length, probe, 0);
                sha.update(probe, 0, probe.length);
                if (System.nanoTime() - t < 1_000_000) break; // 256 KiB in under 1 ms: > 250 MiB/s, the intrinsics are in
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM failed: " + e.getMessage(), e);
        }
    }

    /** Decrypt one chunk into {@code out}; the plaintext length, or -1 if it does not authenticate. */
    private static int open(Cipher gcm, SecretKeySpec key, byte[] nonce, byte[] header, long chunk, boolean last, byte[] in, int n, byte[] out) {
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, nonce(nonce, chunk, last));
            gcm.updateAAD(header);
            return gcm.doFinal(in, 0, n, out, 0);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM failed: " + e.getMessage(), e);
        }
    }

    /** nonce = prefix (already in place) || chunk counter || last flag. */
    private static GCMParameterSpec nonce(byte[] nonce, long chunk, boolean last) {
        nonce[7] = (byte) (chunk >>> 24);
        nonce[8] = (byte) (chunk >>> 16);
        nonce[9] = (byte) (chunk >>> 8);
        nonce[10] = (byte) chunk;
        nonce[11] = (byte) (last ? 1 : 0);
        return new GCMParameterSpec(TAG_BYTES * 8, nonce); // copies the array
    }

    private static SecretKeySpec aesKey(byte[] key32) {
        if (key32 == null || key32.length != KEY_BYTES) {
            throw new IllegalArgumentException("content key must be " + KEY_BYTES + " bytes, got " + (key32 == null ? "none" : key32.length));
        }
        return new SecretKeySpec(key32, "AES");
    }

    private static void checkChunkBytes(int chunkBytes) {
        if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk size must be " + MIN_CHUNK_BYTES + ".." + MAX_CHUNK_BYTES + " bytes, got " + chunkBytes);
        }
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /**
     * SHA-256 of a sequence of chunk buffers, on a second thread when there is one. The producer
     * {@link #take}s a buffer, fills it, hands it to {@link #hash} and may go on reading it (to
     * encrypt or write it) but must not change it; the buffer returns to the pool once hashed. Three
     * buffers: one being filled, one being hashed, one spare to absorb jitter.
     */
    private static final class Sha256Pipe implements AutoCloseable {
        private static final int POOL = 3;
        private static final Job END = new Job(null, 0);

        private record Job(byte[] buffer, int length) {}

        private final MessageDigest sha = sha256();
        private final byte[] inline;
        private final BlockingQueue<byte[]> free;
        private final BlockingQueue<Job> jobs;
        private final Thread worker;

        Sha256Pipe(int bufferBytes, boolean threaded) {
            if (!threaded) {
                inline = new byte[bufferBytes];
                free = null;
                jobs = null;
                worker = null;
                return;
            }
            inline = null;
            free = new ArrayBlockingQueue<>(POOL);
            jobs = new ArrayBlockingQueue<>(POOL + 1); // never full: at most POOL buffers plus END
            for (int i = 0; i < POOL; i++) free.add(new byte[bufferBytes]);
            worker = new Thread(this::run, "vnfx-sha256");
            worker.setDaemon(true);
            worker.start();
        }

        byte[] take() throws InterruptedIOException {
            if (worker == null) return inline;
            try {
                return free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for SHA-256");
            }
        }

        void hash(byte[] buffer, int length) {
            if (worker == null) {
                sha.update(buffer, 0, length);
            } else {
                jobs.add(new Job(buffer, length));
            }
        }

        byte[] digest() throws InterruptedIOException {
            if (worker != null) {
                jobs.add(END);
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for SHA-256");
                }
            }
            return sha.digest(); // join() makes the worker's updates visible
        }

        private void run() {
            try {
                for (Job job = jobs.take(); job != END; job = jobs.take()) {
                    sha.update(job.buffer, 0, job.length);
                    free.add(job.buffer);
                }
            } catch (InterruptedException abandoned) {
                // the producer failed and closed the pipe
            }
        }

        @Override
        public void close() {
            if (worker != null && worker.isAlive()) worker.interrupt();
        }
    }
}
