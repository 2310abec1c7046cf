package io.dbmigrate.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step (operator/pom.xml, after the shade plugin): rewrites the class files of the
 * operator's jar that are older than Java 6 as Java 8 class files, with the stack map frames ASM
 * computes; their code is unchanged. Only picocli's are that old (it is compiled for Java 5), and
 * the JDK's AOT cache, which a Job starts from (docker/dbmigrate), cannot hold such class files:
 * each Job would load and verify ~180 picocli classes from the jar at every start instead.
 */
public final class OldClassFileUpgrade {
  /**
   * Java 6 (50) is the first class-file version the AOT cache and the type-checking verifier take.
   */
  static final int FIRST_CURRENT_VERSION = Opcodes.V1_6;

  private OldClassFileUpgrade() {}

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgraded");
    int count;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
      count = copy(in, out);
    }
    Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("upgraded " + count + " class files older than Java 6 in " + jar);
  }

  private static int copy(ZipInputStream in, ZipOutputStream out) throws IOException {
    int count = 0;
    for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
      byte[] bytes = in.readAllBytes();
      if (entry.getName().endsWith(".class") && version(bytes) < FIRST_CURRENT_VERSION) {
        bytes = upgrade(bytes);
        count++;
      }
      ZipEntry copy = new ZipEntry(entry.getName());
      copy.setTime(entry.getTime());
      out.putNextEntry(copy);
      out.write(bytes);
      out.closeEntry();
    }
    return count;
  }

  /** The class file's major version. */
  static int version(byte[] classFile) {
    return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  /** The same class as a Java 8 class file, its frames computed (old ones have none). */
  static byte[] upgrade(byte[] classFile) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9, writer) {
              @Override
              public void visit(
                  int version,
                  int access,
                  String name,
                  String signature,
                  String superName,
                  String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
              }
            },
            ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }
}
