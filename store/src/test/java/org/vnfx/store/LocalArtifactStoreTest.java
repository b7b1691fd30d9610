package org.vnfx.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalArtifactStoreTest {
    @TempDir
    Path tmp;

    private List<String> blockNames(LocalArtifactStore s) throws IOException {
        try (Stream<Path> files = Files.list(s.dir().resolve("blocks"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putOpenRoundTripWithTheIpfsCid() throws IOException {
        LocalArtifactStore s = new LocalArtifactStore(tmp.resolve("store"));
        Cid hello = s.put(new ByteArrayInputStream("hello world".getBytes()));
        assertEquals(CidTest.HELLO_WORLD, hello.toString());
        try (InputStream in = s.open(hello)) {
            assertEquals("hello world", new String(in.readAllBytes()));
        }
        assertTrue(s.has(hello));
        assertEquals(11, s.size(hello));

        Cid empty = s.put(new ByteArrayInputStream(new byte[0]));
        assertEquals(CidTest.EMPTY, empty.toString());
        try (InputStream in = s.open(empty)) {
            assertEquals(0, in.readAllBytes().length);
        }

        byte[] data = TestData.bytes(300_000, 1);
        Path file = tmp.resolve("pkg.bin");
        Files.write(file, data);
        Cid c = s.put(file);
        assertEquals(Cid.ofRaw(data), c);
        try (InputStream in = s.open(c)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = s.openRange(c, 1000, 500)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, 1500), in.readAllBytes());
        }
        try (InputStream in = s.openRange(c, data.length + 10, -1)) {
            assertEquals(0, in.readAllBytes().length);
        }
    }

    @Test
    void sameContentIsStoredOnce() throws IOException {
        LocalArtifactStore s = new LocalArtifactStore(tmp.resolve("store"));
        byte[] data = TestData.bytes(10_000, 2);
        Cid a = s.put(new ByteArrayInputStream(data));
        Path file = tmp.resolve("same.bin");
        Files.write(file, data);
        Cid b = s.put(file);
        assertEquals(a, b);
        assertEquals(List.of(a.toString()), blockNames(s));
    }

    @Test
    void unknownCidIsNotFound() throws IOException {
        LocalArtifactStore s = new LocalArtifactStore(tmp.resolve("store"));
        Cid missing = Cid.ofRaw("nope".getBytes());
        assertFalse(s.has(missing));
        var e = assertThrows(ArtifactNotFoundException.class, () -> s.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(ArtifactNotFoundException.class, () -> s.size(missing));
        assertThrows(ArtifactNotFoundException.class, () -> s.fetch(missing, tmp.resolve("out"), TransferListener.NONE));
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void aBlockDamagedOnDiskIsDetectedOnRead() throws IOException {
        LocalArtifactStore s = new LocalArtifactStore(tmp.resolve("store"));
        byte[] data = TestData.bytes(200_000, 3);
        Cid c = s.put(new ByteArrayInputStream(data));
        try (RandomAccessFile f = new RandomAccessFile(s.pathOf(c).toFile(), "rw")) {
            f.seek(123_456);
            int b = f.read();
            f.seek(123_456);
            f.write(b ^ 0x01);
        }
        var e = assertThrows(ContentMismatchException.class, () -> {
            try (InputStream in = s.open(c)) {
                in.readAllBytes();
            }
        });
        assertEquals(c, e.expected());
        assertEquals(data.length, e.bytes());
        assertTrue(e.getMessage().contains(c.toString()) && e.getMessage().contains(s.pathOf(c).toString()), e.getMessage());

        Path target = tmp.resolve("fetched.bin");
        assertThrows(ContentMismatchException.class, () -> s.fetch(c, target, TransferListener.NONE));
        assertFalse(Files.exists(target), "no damaged object at the target");
        assertFalse(Files.exists(Fetcher.partFile(target, c)), "the damaged partial file is dropped");

        // A truncated copy (another size than the content put again) is replaced by the fresh bytes.
        Files.write(s.pathOf(c), java.util.Arrays.copyOf(data, 1000));
        assertEquals(c, s.put(new ByteArrayInputStream(data)));
        try (InputStream in = s.open(c)) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void aCrashMidPutLeavesNoObjectAndItsTempFileIsCleanedOnOpen() throws IOException {
        Path dir = tmp.resolve("store");
        LocalArtifactStore s = new LocalArtifactStore(dir);
        byte[] data = TestData.bytes(500_000, 4);
        Cid cid = Cid.ofRaw(data);
        List<List<String>> seenDuringPut = new ArrayList<>();
        // A source that fails half-way, as a crash or a cut connection would; while it runs, look at the folder.
        InputStream failing = new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= 250_000) {
                    seenDuringPut.add(blockNames(s));
                    throw new IOException("source died");
                }
                int n = Math.min(len, 250_000 - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        assertThrows(IOException.class, () -> s.put(failing));
        assertEquals(1, seenDuringPut.size());
        List<String> during = seenDuringPut.get(0);
        assertEquals(1, during.size());
        assertTrue(during.get(0).startsWith(LocalArtifactStore.TEMP_PREFIX), "only a temp file while writing: " + during);
        assertEquals(List.of(), blockNames(s), "a failed put leaves nothing");
        assertFalse(s.has(cid));

        // What a kill -9 mid-put leaves: a temp file. It is never an object and goes when the store is opened.
        Path leftover = dir.resolve("blocks").resolve(LocalArtifactStore.TEMP_PREFIX + "crashed");
        Files.write(leftover, java.util.Arrays.copyOf(data, 1234));
        assertFalse(s.has(cid));
        LocalArtifactStore reopened = new LocalArtifactStore(dir);
        assertFalse(Files.exists(leftover));
        assertEquals(cid, reopened.put(new ByteArrayInputStream(data)));
        assertEquals(List.of(cid.toString()), blockNames(reopened));
    }

    @Test
    void fetchCopiesAtomicallyWithProgress() throws IOException {
        LocalArtifactStore s = new LocalArtifactStore(tmp.resolve("store"));
        long size = 5L * Fetcher.PROGRESS_STEP + 12345;
        Cid c = s.put(TestData.stream(size, 5));
        Path target = tmp.resolve("out/pkg.bin");
        List<long[]> progress = new ArrayList<>();
        s.fetch(c, target, (cid, done, total) -> progress.add(new long[]{done, total}));
        assertEquals(c, TestData.cidOf(target));
        assertFalse(Files.exists(Fetcher.partFile(target, c)));
        assertEquals(0, progress.get(0)[0]);
        assertEquals(size, progress.get(progress.size() - 1)[0]);
        assertTrue(progress.size() >= 6, "one callback per MiB at least: " + progress.size());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i)[0] >= progress.get(i - 1)[0]);
            assertEquals(size, progress.get(i)[1]);
        }
    }

    @Test
    void fetchResumesAPartialFileAndRestartsOnceIfItWasWrong() throws IOException {
        LocalArtifactStore s = new LocalArtifactStore(tmp.resolve("store"));
        byte[] data = TestData.bytes(3_000_000, 6);
        Cid c = s.put(new ByteArrayInputStream(data));
        Path target = tmp.resolve("pkg.bin");
        Files.write(Fetcher.partFile(target, c), java.util.Arrays.copyOf(data, 1_000_000));
        List<Long> starts = new ArrayList<>();
        s.fetch(c, target, (cid, done, total) -> {
            if (starts.isEmpty()) starts.add(done);
        });
        assertEquals(List.of(1_000_000L), starts, "resumed where the partial file ended");
        assertArrayEquals(data, Files.readAllBytes(target));

        // A partial file with a wrong byte: the whole does not verify, the fetch starts over once and succeeds.
        Path target2 = tmp.resolve("pkg2.bin");
        byte[] bad = java.util.Arrays.copyOf(data, 1_000_000);
        bad[10] ^= 1;
        Files.write(Fetcher.partFile(target2, c), bad);
        List<IOException> retries = new ArrayList<>();
        s.fetch(c, target2, new TransferListener() {
            @Override
            public void progress(Cid cid, long done, long total) {}

            @Override
            public void retrying(Cid cid, int failedAttempt, long done, IOException cause, java.time.Duration delay) {
                retries.add(cause);
            }
        });
        assertArrayEquals(data, Files.readAllBytes(target2));
        assertEquals(1, retries.size());
        assertTrue(retries.get(0) instanceof ContentMismatchException);
    }
}
