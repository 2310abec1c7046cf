package io.dbmigrate.registry;

import java.nio.file.Path;

/**
 * What a pull extracted.
 *
 * @param reference the pinned reference pulled (an index's digest when it was an index)
 * @param manifestDigest the image manifest read: for an index, the chosen platform's
 * @param directory the selected path's directory among the extracted files
 */
public record PulledImage(ImageReference reference, String manifestDigest, Path directory) {}
