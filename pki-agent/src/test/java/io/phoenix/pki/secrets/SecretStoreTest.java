package io.phoenix.pki.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phoenix.pki.PkiFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {

  @TempDir Path dir;

  @Test
  void aSecretReadsBackButIsNotOnDiskInTheClear() throws Exception {
    SecretStore store = SecretStore.open(dir, key());
    byte[] secret = "provisioner private key material".getBytes(StandardCharsets.UTF_8);

    store.write("provisioner-x", secret);

    assertThat(store.read("provisioner-x")).hasValue(secret);
    byte[] onDisk = Files.readAllBytes(dir.resolve("provisioner-x.sealed"));
    assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain("private key");
    assertThat(Files.getPosixFilePermissions(dir.resolve("provisioner-x.sealed")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(store.read("never-written")).isEmpty();
  }

  @Test
  void anotherKeyCannotOpenTheStore() throws Exception {
    SecretStore.open(dir, key()).write("pinned-root", new byte[] {1, 2, 3});

    assertThatThrownBy(() -> SecretStore.open(dir, key()).read("pinned-root"))
        .isInstanceOf(PkiFailure.class)
        .hasMessageContaining("not the one it was written with")
        .satisfies(e -> assertThat(((PkiFailure) e).reason()).isEqualTo(PkiFailure.SECRET_STORE));
  }

  @Test
  void aFileSwappedForAnotherSecretFailsToOpen() throws Exception {
    SecretStore store = SecretStore.open(dir, key());
    store.write("a", new byte[] {1});
    store.write("b", new byte[] {2});

    Files.copy(
        dir.resolve("a.sealed"),
        dir.resolve("b.sealed"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> store.read("b")).isInstanceOf(PkiFailure.class);
  }

  @Test
  void namesThatCouldEscapeTheDirectoryAreRefused() {
    SecretStore store = SecretStore.open(dir, key());

    assertThatThrownBy(() -> store.write("../etc/passwd", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid secret name");
  }

  @Test
  void theKeyComesFromAFileOrTheEnvironmentAndNeverSilentlyFromNowhere() throws Exception {
    byte[] key = key();
    Path keyFile = dir.resolve("store.key");
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
    SecretKeySource.open(dir.resolve("s"), keyFile, null, false).write("x", new byte[] {7});

    assertThat(
            SecretKeySource.open(
                    dir.resolve("s"), null, Base64.getEncoder().encodeToString(key), false)
                .read("x"))
        .hasValueSatisfying(value -> assertThat(value).containsExactly(7));
    assertThatThrownBy(() -> SecretKeySource.open(dir.resolve("s"), null, null, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PHOENIX_PKI_SECRET_KEY")
        .hasMessageContaining("phoenix.pki.secret-key-file");
    assertThatThrownBy(() -> SecretKeySource.open(dir.resolve("s"), null, "c2hvcnQ=", false))
        .hasMessageContaining("has 5 bytes; it must have 32");
  }

  @Test
  void aGeneratedDevelopmentKeyIsKeptSoTheStoreSurvivesARestart() throws Exception {
    SecretKeySource.open(dir, null, null, true).write("x", new byte[] {9});

    assertThat(SecretKeySource.open(dir, null, null, true).read("x")).isPresent();
    assertThat(dir.resolve(SecretKeySource.DEV_KEY_FILE)).exists();
  }

  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
