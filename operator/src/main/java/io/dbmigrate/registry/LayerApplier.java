package io.dbmigrate.registry;

import io.dbmigrate.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies an image's layers, in order, to a directory — but only the entries under the selected
 * path. Whiteouts are honoured ({@code .wh.NAME} deletes NAME of the layers below, {@code
 * .wh..wh..opq} empties its directory of them). Entries that would land outside the root ({@code
 * ../x}) and links that point outside it are refused; a link inside is written as a copy of its
 * target, so no link ever exists on disk for a later entry to write through. Devices and FIFOs are
 * skipped. The bytes written are bounded.
 */
final class LayerApplier {
  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";
  private static final int TOP_LEVEL_SHOWN = 8;

  private final Path root;
  private final Path selected;
  private final long maxWrittenBytes;
  private final Set<String> topLevel = new TreeSet<>();
  private long written;

  /** What the current layer wrote: an opaque whiteout keeps these. */
  private final Set<Path> writtenByLayer = new HashSet<>();

  /**
   * @param root where the files go, as in the image ({@code root/migrations/V1__a.sql})
   * @param selected the image path to extract, e.g. {@code /migrations}; {@code /} for all
   */
  LayerApplier(Path root, String selected, long maxWrittenBytes) {
    this.root = root;
    this.selected = relative(selected);
    this.maxWrittenBytes = maxWrittenBytes;
  }

  /**
   * The image path as a relative path; {@code ..} refused.
   *
   * @throws RegistryException for a path that leaves the root
   */
  static Path relative(String imagePath) {
    String stripped = imagePath.replace('\\', '/').replaceFirst("^(\\./|/)+", "");
    Path path = Path.of(stripped).normalize();
    if (path.startsWith("..")) {
      throw new RegistryException(
          Kind.INVALID_REFERENCE, "image path " + imagePath + " leaves the image's root");
    }
    return path;
  }

  /** Applies one tar layer (already decompressed). */
  void applyTar(InputStream tar, String layer) throws IOException {
    writtenByLayer.clear();
    TarArchiveInputStream entries = new TarArchiveInputStream(tar);
    for (TarArchiveEntry entry = entries.getNextEntry();
        entry != null;
        entry = entries.getNextEntry()) {
      Path path = entryPath(entry.getName(), layer);
      if (path.toString().isEmpty()) {
        continue; // the root itself
      }
      topLevel.add(path.getName(0).toString());
      String name = path.getFileName().toString();
      if (name.startsWith(WHITEOUT_PREFIX)) {
        whiteout(path, name);
        continue;
      }
      if (!isSelected(path)) {
        continue;
      }
      if (entry.isDirectory()) {
        makeDirectory(path);
      } else if (entry.isSymbolicLink() || entry.isLink()) {
        copyLinkTarget(path, entry, layer);
      } else if (entry.isFile()) {
        writeFile(path, entries);
      }
      // devices, FIFOs and the like have no place among migrations
    }
    // Read to the end: whatever follows the archive still counts for the digest.
    tar.transferTo(OutputStream.nullOutputStream());
  }

  /**
   * Applies a blob that is one file (an ORAS artifact's layer with a title), at {@code name} from
   * the root.
   */
  void applyFile(String name, InputStream content, String layer) throws IOException {
    writtenByLayer.clear();
    Path path = entryPath(name, layer);
    if (path.toString().isEmpty()) {
      throw new RegistryException(Kind.INVALID_CONTENT, layer + " has a file without a name");
    }
    topLevel.add(path.getName(0).toString());
    if (isSelected(path)) {
      writeFile(path, content);
    }
    content.transferTo(OutputStream.nullOutputStream());
  }

  /** The top-level names seen in the layers (a few), for a message when the path is missing. */
  String topLevelNames() {
    return topLevel.isEmpty()
        ? "none"
        : String.join(", ", topLevel.stream().limit(TOP_LEVEL_SHOWN).toList())
            + (topLevel.size() > TOP_LEVEL_SHOWN ? ", …" : "");
  }

  private Path entryPath(String name, String layer) {
    String stripped = name.replace('\\', '/').replaceFirst("^(\\./|/)+", "");
    if (stripped.isEmpty() || stripped.equals(".")) {
      return Path.of("");
    }
    Path path = Path.of(stripped).normalize();
    if (path.startsWith("..") || name.indexOf('\0') >= 0) {
      throw new RegistryException(
          Kind.INVALID_CONTENT, layer + " has an entry outside the image's root: " + name);
    }
    return path;
  }

  private boolean isSelected(Path path) {
    return selected.toString().isEmpty() || path.startsWith(selected);
  }

  /** Whether a deletion at {@code path} can touch what is extracted. */
  private boolean touchesSelection(Path path) {
    return isSelected(path) || selected.startsWith(path) || path.toString().isEmpty();
  }

  private void whiteout(Path marker, String name) throws IOException {
    Path directory = marker.getParent() == null ? Path.of("") : marker.getParent();
    if (name.equals(OPAQUE)) {
      if (touchesSelection(directory)) {
        deleteAllBut(root.resolve(directory.toString()), writtenByLayer);
      }
      return;
    }
    Path deleted = directory.resolve(name.substring(WHITEOUT_PREFIX.length()));
    if (touchesSelection(deleted) && !writtenByLayer.contains(deleted)) {
      delete(root.resolve(deleted.toString()));
    }
  }

  /** Empties {@code directory} of what lower layers wrote; keeps what this layer wrote. */
  private void deleteAllBut(Path directory, Set<Path> keep) throws IOException {
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> children = Files.list(directory)) {
      for (Path child : children.toList()) {
        Path relative = root.relativize(child);
        if (!keep.contains(relative)) {
          delete(child);
        } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          deleteAllBut(child, keep);
        }
      }
    }
  }

  private void makeDirectory(Path path) throws IOException {
    Path target = root.resolve(path.toString());
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target)) {
      Files.delete(target); // a file of a lower layer, replaced by a directory
    }
    Files.createDirectories(target);
    markWritten(path);
  }

  private void writeFile(Path path, InputStream content) throws IOException {
    Path target = root.resolve(path.toString());
    Files.createDirectories(target.getParent());
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      delete(target); // a directory of a lower layer, replaced by a file
    }
    try (OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[64 * 1024];
      for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
        written += read;
        if (written > maxWrittenBytes) {
          throw new RegistryException(
              Kind.TOO_LARGE,
              "the files under /"
                  + selected
                  + " are larger than "
                  + PullLimits.mebibytes(maxWrittenBytes)
                  + " MiB; dbmigrate extracts at most that");
        }
        out.write(buffer, 0, read);
      }
    }
    markWritten(path);
  }

  private void copyLinkTarget(Path path, TarArchiveEntry entry, String layer) throws IOException {
    String link = entry.getLinkName().replace('\\', '/');
    Path target;
    if (entry.isLink() || link.startsWith("/")) {
      // hard links name a path from the root; absolute symbolic links mean the image's root
      target = Path.of(link.replaceFirst("^(\\./|/)+", "")).normalize();
    } else {
      Path parent = path.getParent() == null ? Path.of("") : path.getParent();
      target = parent.resolve(link).normalize();
    }
    if (target.startsWith("..")) {
      throw new RegistryException(
          Kind.INVALID_CONTENT,
          layer + " has a link outside the image's root: " + entry.getName() + " -> " + link);
    }
    Path source = root.resolve(target.toString());
    if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      try (InputStream content = Files.newInputStream(source)) {
        writeFile(path, content);
      }
    }
  }

  private void markWritten(Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      writtenByLayer.add(p);
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
