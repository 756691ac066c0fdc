package io.phoenix.service.scripts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bash script rendered for one guest, with the files it installs from its staging directory.
 *
 * @param title what it is, for messages (e.g. {@code feature nginx})
 * @param stageDir the guest directory that holds the script, its files and its stamp
 * @param text the whole script: header with the settings, then the body
 * @param files file name (in {@code stageDir}) to content
 */
public record RenderedScript(
    String title, String stageDir, String text, Map<String, byte[]> files) {

  public RenderedScript {
    files = new TreeMap<>(files);
  }

  /** Where the script lives in the guest. */
  public String path() {
    return stageDir + "/run.sh";
  }

  /** Where the digest of the last successful run is kept in the guest. */
  public String stampPath() {
    return stageDir + "/applied.sha256";
  }

  /** SHA-256 over the script and its files: equal digests mean the same wanted state. */
  public String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(text.getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        sha.update((file.getKey() + "\0").getBytes(StandardCharsets.UTF_8));
        sha.update(file.getValue());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
