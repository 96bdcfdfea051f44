package io.plantops.simulator;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The simulator's application instance certificate: self-signed, generated at start, with the
 * application URI and the loopback names in its subjectAltName (OPC UA Part 6 §6.2.2).
 *
 * @param applicationUri the server's application URI
 * @param keyPair RSA 2048 key pair
 * @param certificate the self-signed certificate
 */
public record ServerIdentity(String applicationUri, KeyPair keyPair, X509Certificate certificate) {

  /** Generates a new identity for {@code applicationUri}. */
  public static ServerIdentity generate(String applicationUri, String commonName) {
    try {
      KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
      SelfSignedCertificateBuilder builder =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName(commonName)
              .setOrganization("plantops")
              .setApplicationUri(applicationUri)
              .addDnsName("localhost")
              .addIpAddress("127.0.0.1");
      try {
        builder.addDnsName(InetAddress.getLocalHost().getHostName());
      } catch (UnknownHostException e) {
        // the loopback names above are enough for local use
      }
      return new ServerIdentity(applicationUri, keyPair, builder.build());
    } catch (Exception e) {
      throw new IllegalStateException("cannot generate a certificate for " + applicationUri, e);
    }
  }

  /**
   * The identity kept in {@code dir} ({@code server.crt}, {@code server.key}), or a new one saved
   * there when the directory holds none.
   */
  public static ServerIdentity loadOrGenerate(Path dir, String applicationUri, String commonName) {
    Path crt = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    try {
      if (Files.exists(crt) && Files.exists(key)) {
        X509Certificate certificate;
        PrivateKey privateKey;
        try (Reader r = Files.newBufferedReader(crt);
            PEMParser parser = new PEMParser(r)) {
          certificate =
              new JcaX509CertificateConverter()
                  .getCertificate((X509CertificateHolder) parser.readObject());
        }
        try (Reader r = Files.newBufferedReader(key);
            PEMParser parser = new PEMParser(r)) {
          Object o = parser.readObject();
          PrivateKeyInfo info =
              o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) o;
          privateKey = new JcaPEMKeyConverter().getPrivateKey(info);
        }
        return new ServerIdentity(
            applicationUri, new KeyPair(certificate.getPublicKey(), privateKey), certificate);
      }
      ServerIdentity fresh = generate(applicationUri, commonName);
      Files.createDirectories(dir);
      Files.writeString(crt, fresh.certificatePem(), StandardCharsets.US_ASCII);
      Files.writeString(key, fresh.privateKeyPem(), StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's own permissions protect the key
      }
      return fresh;
    } catch (IOException | java.security.cert.CertificateException | ClassCastException e) {
      throw new IllegalStateException("cannot load or create the server identity in " + dir, e);
    }
  }

  /** The certificate as PEM. */
  public String certificatePem() {
    return pem(certificate);
  }

  /** The private key as PEM (PKCS#8). */
  public String privateKeyPem() {
    return pem(keyPair.getPrivate());
  }

  /** Writes {@code <name>.crt} into {@code dir}, creating it, and returns the file. */
  public Path writeCertificate(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".crt");
    Files.writeString(file, certificatePem(), StandardCharsets.US_ASCII);
    return file;
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode PEM", e);
    }
    return out.toString();
  }
}
