package org.vnfx.packages;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The source of a package as layers: folders applied in order, a later layer's file replacing the file at the
 * same relative path of an earlier one (how a variant reuses another package's files). Only regular files and
 * folders are taken; a symbolic link or any other kind of file in a layer is refused, so a package can never
 * hold anything from outside its layers. Empty folders are not part of a package.
 *
 * @param layers the layer folders, in order
 * @param files every file of the merged source by its path inside the package ({@code /}-separated), sorted
 */
public record PackageSource(List<Path> layers, SortedMap<String, Path> files) {

    public PackageSource {
        layers = List.copyOf(layers);
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public static PackageSource of(List<Path> layers) throws IOException, PackageException {
        if (layers.isEmpty()) throw new IllegalArgumentException("a package needs at least one source layer");
        TreeMap<String, Path> files = new TreeMap<>();
        for (Path layer : layers) {
            if (!Files.isDirectory(layer)) {
                throw new PackageException(layer.toString(), Files.exists(layer) ? "a package source layer must be a folder" : "no such folder");
            }
            try {
                walk(layer, files);
            } catch (UncheckedPackageException e) {
                throw (PackageException) e.getCause();
            }
        }
        requireNoFileWhereAFolderIs(files);
        return new PackageSource(layers, files);
    }

    /** Adds the files of one layer; messages name files under the layer as the caller gave it. */
    private static void walk(Path layer, Map<String, Path> files) throws IOException {
        Path root = layer.toRealPath();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Path named = layer.resolve(root.relativize(file));
                if (attributes.isSymbolicLink()) {
                    throw new UncheckedPackageException(new PackageException(named.toString(),
                            "a symbolic link; package layers may hold only regular files and folders"));
                }
                if (!attributes.isRegularFile()) {
                    throw new UncheckedPackageException(new PackageException(named.toString(),
                            "not a regular file (a device, pipe or socket); package layers may hold only regular files and folders"));
                }
                files.put(pathInPackage(root.relativize(file), named), named);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
    }

    private static String pathInPackage(Path relative, Path named) {
        StringBuilder path = new StringBuilder();
        for (Path name : relative) {
            String segment = name.toString();
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    throw new UncheckedPackageException(new PackageException(named.toString(),
                            "a control character or backslash in the name; package paths must be plain / -separated names"));
                }
            }
            if (path.length() > 0) path.append('/');
            path.append(segment);
        }
        return path.toString();
    }

    /** A file in one layer where another layer has a folder of the same name would make an unpackable zip. */
    private static void requireNoFileWhereAFolderIs(TreeMap<String, Path> files) throws PackageException {
        for (Map.Entry<String, Path> e : files.entrySet()) {
            SortedMap<String, Path> inside = files.subMap(e.getKey() + "/", e.getKey() + "0"); // '0' follows '/'
            if (!inside.isEmpty()) {
                throw new PackageException(e.getValue().toString(), "a file, but another layer has a folder of that name ("
                        + inside.get(inside.firstKey()) + ")");
            }
        }
    }

    /** Carries a {@link PackageException} out of a file visitor. */
    private static final class UncheckedPackageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedPackageException(PackageException cause) {
            super(cause);
        }
    }
}
