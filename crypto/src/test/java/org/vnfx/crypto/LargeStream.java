package org.vnfx.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.FutureTask;

/**
 * Encrypt a generated stream and decrypt it on the fly, through a pipe, without ever holding it:
 * a seeded generator → encrypt → 1 MiB pipe → decrypt → a sink that digests and counts. The sink
 * records how far decrypt's input ran ahead of the plaintext it had released (the "lag"), which is
 * what decrypt holds in memory. Also a main class, so a test can run it in a JVM with a small heap.
 */
final class LargeStream {
    record Result(byte[] generatedSha256, PackageCipher.Sealed sealed, PackageCipher.Opened opened, byte[] outputSha256,
                  long outputBytes, long maxLag, long consumedAtFirstWrite, long ciphertextConsumed) {}

    private LargeStream() {}

    static Result run(long bytes, int chunkBytes, long seed, boolean threaded) throws Exception {
        byte[] key = PackageCipher.newKey();
        PipedInputStream pipeIn = new PipedInputStream(1 << 20);
        // PipedOutputStream wakes a waiting reader only on flush (or after a 1 s timeout): flush every write.
        OutputStream pipeOut = new java.io.FilterOutputStream(new PipedOutputStream(pipeIn)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                out.flush();
            }
        };
        DigestInputStream generated = new DigestInputStream(new Generated(bytes, seed), PackageCipher.sha256());
        FutureTask<PackageCipher.Sealed> encrypt = new FutureTask<>(() -> {
            try (pipeOut) {
                return PackageCipher.encrypt(generated, pipeOut, key, chunkBytes, new java.security.SecureRandom(), threaded);
            }
        });
        Thread encrypter = new Thread(encrypt, "encrypt");
        encrypter.start();

        Counting in = new Counting(pipeIn);
        Sink out = new Sink(in, chunkBytes);
        PackageCipher.Opened opened = PackageCipher.decrypt(in, out, key, threaded);
        PackageCipher.Sealed sealed = encrypt.get();
        return new Result(generated.getMessageDigest().digest(), sealed, opened, out.sha.digest(), out.written, out.maxLag,
                out.consumedAtFirstWrite, in.count);
    }

    /** Run in its own JVM: {@code LargeStream BYTES}; prints the result and exits 0 if everything matches. */
    public static void main(String[] args) throws Exception {
        long bytes = Long.parseLong(args[0]);
        int chunk = PackageCipher.DEFAULT_CHUNK_BYTES;
        Result r = run(bytes, chunk, 42, true);
        boolean ok = r.outputBytes == bytes && r.opened.plaintextBytes() == bytes
                && Arrays.equals(r.generatedSha256, r.outputSha256)
                && Arrays.equals(r.generatedSha256, r.opened.plaintextSha256())
                && Arrays.equals(r.generatedSha256, r.sealed.plaintextSha256())
                && r.ciphertextConsumed == PackageCipher.ciphertextLength(bytes, chunk)
                && r.maxLag <= chunk + PackageCipher.TAG_BYTES;
        System.out.println((ok ? "ok" : "MISMATCH") + " bytes=" + r.outputBytes + " sha256=" + HexFormat.of().formatHex(r.outputSha256)
                + " maxLag=" + r.maxLag + " consumedAtFirstWrite=" + r.consumedAtFirstWrite
                + " maxHeap=" + Runtime.getRuntime().maxMemory());
        System.exit(ok ? 0 : 1);
    }

    /** N bytes of xorshift64* output: fast, seeded, never stored. */
    static final class Generated extends InputStream {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private final byte[] block = new byte[1 << 16];
        private long remaining, state;
        private int pos = block.length;

        Generated(long bytes, long seed) {
            this.remaining = bytes;
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) return -1;
            if (pos == block.length) refill();
            int n = (int) Math.min(Math.min(len, block.length - pos), remaining);
            System.arraycopy(block, pos, b, off, n);
            pos += n;
            remaining -= n;
            return n;
        }

        private void refill() {
            long s = state;
            for (int i = 0; i < block.length; i += 8) {
                s ^= s >>> 12;
                s ^= s << 25;
                s ^= s >>> 27;
                LONGS.set(block, i, s * 0x2545F4914F6CDD1DL);
            }
            state = s;
            pos = 0;
        }
    }

    static final class Counting extends InputStream {
        private final InputStream in;
        volatile long count;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** Digests and counts the plaintext; at each write, how much more ciphertext was read than releasing it needed. */
    static final class Sink extends OutputStream {
        private final Counting in;
        private final int chunkBytes;
        final MessageDigest sha = PackageCipher.sha256();
        long written, maxLag, consumedAtFirstWrite = -1;

        Sink(Counting in, int chunkBytes) {
            this.in = in;
            this.chunkBytes = chunkBytes;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (consumedAtFirstWrite < 0) consumedAtFirstWrite = in.count;
            sha.update(b, off, len);
            written += len;
            long needed = PackageCipher.ciphertextLength(written, chunkBytes);
            maxLag = Math.max(maxLag, in.count - needed);
        }
    }
}
