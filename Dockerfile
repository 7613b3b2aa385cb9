# syntax=docker/dockerfile:1
# The demo application: built with the project's own Maven wrapper on a JDK 25 (the build also
# processes it ahead of time), its jar extracted into Boot's layers, and run on a JRE 25 from the
# code generated ahead of time.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl demo-app -am package -DskipTests \
 && cp demo-app/target/channels-demo-*.jar /tmp/application.jar \
 && java -Djarmode=tools -jar /tmp/application.jar extract --layers --destination /out

FROM eclipse-temurin:25-jre
RUN groupadd --system demo && useradd --system --gid demo --home-dir /app demo
WORKDIR /app
# One layer per rate of change: third-party jars change least, the application's own code most.
COPY --from=build /out/dependencies/ ./
COPY --from=build /out/spring-boot-loader/ ./
COPY --from=build /out/snapshot-dependencies/ ./
COPY --from=build /out/application/ ./
USER demo
EXPOSE 8080
# Healthy while /actuator/health answers 200; bash's /dev/tcp needs neither curl nor wget in the image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-Dspring.aot.enabled=true", "-XX:MaxRAMPercentage=75", "-jar", "/app/application.jar"]
