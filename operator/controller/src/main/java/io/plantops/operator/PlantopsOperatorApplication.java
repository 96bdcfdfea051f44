package io.plantops.operator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the plantops operator. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlantopsOperatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(PlantopsOperatorApplication.class, args);
  }
}
