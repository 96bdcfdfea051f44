package io.plantops.connector.opcua;

import io.plantops.contract.MountPaths;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.opcua.SessionSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

/**
 * The client side of OPC UA security, from the files the operator mounts (Secrets): the client
 * certificate and key (PEM, as in a kubernetes.io/tls Secret), the user name and password, and the
 * trusted server certificates. Nothing is generated or trusted on first use: a missing file is an
 * error naming the config field and the path.
 *
 * @param policy SecurityPolicy to select
 * @param mode MessageSecurityMode to select
 * @param keyPair client key pair, when a certificate is configured
 * @param certificate client certificate, when configured
 * @param applicationUri the URI in the certificate's subjectAltName (Part 6 §6.2.2), or a default
 * @param trusted trusted server (or CA) certificates
 * @param username user name, when configured
 * @param password password, when configured
 */
public record ClientSecurity(
    SecurityPolicy policy,
    MessageSecurityMode mode,
    Optional<KeyPair> keyPair,
    Optional<X509Certificate> certificate,
    String applicationUri,
    List<X509Certificate> trusted,
    Optional<String> username,
    Optional<String> password) {

  /** Application URI used without a client certificate. */
  public static final String DEFAULT_APPLICATION_URI = "urn:plantops:opcua-connector";

  /**
   * Why the connector refuses to connect this plant, if it does ({@link SessionSecurity}, the rule
   * the operator applies too): writable mappings over SecurityPolicy None, mode None or an
   * anonymous user, or a password over SecurityPolicy None, without {@code opcua.allowInsecure}.
   */
  public static Optional<String> refusal(ResolvedPlantConfig config) {
    List<String> writable =
        config.signals().stream()
            .filter(ResolvedPlantConfig.SignalMapping::writable)
            .map(ResolvedPlantConfig.SignalMapping::signal)
            .toList();
    return SessionSecurity.describe(SessionSecurity.refusals(config.opcua(), writable))
        .map(why -> "refusing to connect plant " + config.plant().name() + ": " + why);
  }

  /**
   * Loads the material the settings point to, resolving container paths with {@code resolve}
   * (normally {@link MountPaths#resolve(String)}).
   */
  public static ClientSecurity load(OpcUaSettings s, Function<String, Path> resolve)
      throws SecurityConfigException {
    SecurityPolicy policy = policy(s.securityPolicy());
    MessageSecurityMode mode = mode(s.securityMode());
    if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
      throw new SecurityConfigException(
          "opcua.securityPolicy "
              + s.securityPolicy()
              + " and opcua.securityMode "
              + s.securityMode()
              + " do not fit: use None with None, or a policy with Sign or SignAndEncrypt");
    }
    Optional<KeyPair> keyPair = Optional.empty();
    Optional<X509Certificate> certificate = Optional.empty();
    String applicationUri = DEFAULT_APPLICATION_URI;
    List<X509Certificate> trusted = List.of();
    if (policy != SecurityPolicy.None) {
      Path certFile = required(s.certificateFile(), "opcua.certificateFile", policy, resolve);
      Path keyFile = required(s.privateKeyFile(), "opcua.privateKeyFile", policy, resolve);
      X509Certificate cert = certificates(certFile).get(0);
      PrivateKey key = privateKey(keyFile);
      keyPair = Optional.of(new KeyPair(cert.getPublicKey(), key));
      certificate = Optional.of(cert);
      applicationUri = CertificateUtil.getSanUri(cert).orElse(DEFAULT_APPLICATION_URI);
      Path trustedDir =
          required(s.trustedCertificatesDir(), "opcua.trustedCertificatesDir", policy, resolve);
      trusted = trustedCertificates(trustedDir);
      if (trusted.isEmpty()) {
        throw new SecurityConfigException(
            "opcua.trustedCertificatesDir "
                + trustedDir
                + " holds no certificate: put the plant server's certificate (or its CA) in the"
                + " trusted server certificates Secret; plantops never trusts a server on first use");
      }
    }
    Optional<String> username = Optional.empty();
    Optional<String> password = Optional.empty();
    if (s.usernameFile() != null && !s.usernameFile().isBlank()) {
      username = Optional.of(read(resolve.apply(s.usernameFile()), "opcua.usernameFile"));
      if (s.passwordFile() == null || s.passwordFile().isBlank()) {
        throw new SecurityConfigException(
            "opcua.passwordFile is required with opcua.usernameFile: add the password key to the"
                + " user Secret");
      }
      password = Optional.of(read(resolve.apply(s.passwordFile()), "opcua.passwordFile"));
    }
    return new ClientSecurity(
        policy, mode, keyPair, certificate, applicationUri, trusted, username, password);
  }

  /** The SecurityPolicy named in the config. */
  public static SecurityPolicy policy(String name) throws SecurityConfigException {
    String n = name == null ? "" : name.trim();
    for (SecurityPolicy p : SecurityPolicy.values()) {
      if (p.name().equalsIgnoreCase(n)) {
        return p;
      }
    }
    throw new SecurityConfigException(
        "opcua.securityPolicy '"
            + name
            + "' is unknown: use one of "
            + Arrays.stream(SecurityPolicy.values()).map(Enum::name).toList());
  }

  /** The MessageSecurityMode named in the config. */
  public static MessageSecurityMode mode(String name) throws SecurityConfigException {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "none" -> MessageSecurityMode.None;
      case "sign" -> MessageSecurityMode.Sign;
      case "signandencrypt" -> MessageSecurityMode.SignAndEncrypt;
      default ->
          throw new SecurityConfigException(
              "opcua.securityMode '" + name + "' is unknown: use None, Sign or SignAndEncrypt");
    };
  }

  private static Path required(
      String value, String field, SecurityPolicy policy, Function<String, Path> resolve)
      throws SecurityConfigException {
    if (value == null || value.isBlank()) {
      throw new SecurityConfigException(
          field
              + " is required for securityPolicy "
              + policy.name()
              + ": reference the Secret in the Plant's spec.opcua");
    }
    Path path = resolve.apply(value);
    if (!Files.exists(path)) {
      throw new SecurityConfigException(
          field + " " + path + " does not exist: is the Secret mounted?");
    }
    return path;
  }

  private static String read(Path file, String field) throws SecurityConfigException {
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8);
      // Secrets created with echo carry a trailing newline that is not part of the value
      return value.endsWith("\r\n")
          ? value.substring(0, value.length() - 2)
          : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    } catch (IOException e) {
      throw new SecurityConfigException(field + " " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** The certificates of a PEM or DER file. */
  public static List<X509Certificate> certificates(Path file) throws SecurityConfigException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> result = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        result.add((X509Certificate) c);
      }
      if (result.isEmpty()) {
        throw new SecurityConfigException(file + " holds no certificate");
      }
      return result;
    } catch (IOException | CertificateException e) {
      throw new SecurityConfigException(
          file + " is not a PEM or DER X.509 certificate: " + e.getMessage());
    }
  }

  /** A PEM private key: PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). */
  public static PrivateKey privateKey(Path file) throws SecurityConfigException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new SecurityConfigException(
          file
              + " is not an unencrypted PEM private key (PKCS#8 or PKCS#1): the tls.key of a"
              + " kubernetes.io/tls Secret is expected");
    } catch (IOException e) {
      throw new SecurityConfigException(file + " cannot be read as PEM: " + e.getMessage());
    }
  }

  /**
   * Every certificate in the files of a directory, skipping Kubernetes' {@code ..data} links and
   * other dot entries.
   */
  public static List<X509Certificate> trustedCertificates(Path dir) throws SecurityConfigException {
    List<X509Certificate> result = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().startsWith(".") || !Files.isRegularFile(file)) {
          continue;
        }
        result.addAll(certificates(file));
      }
    } catch (IOException e) {
      throw new SecurityConfigException(
          "opcua.trustedCertificatesDir " + dir + " cannot be listed: " + e.getMessage());
    }
    return result;
  }
}
