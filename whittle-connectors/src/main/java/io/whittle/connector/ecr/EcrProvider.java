package io.whittle.connector.ecr;

import static io.whittle.connector.CommonFields.API_URL;
import static io.whittle.connector.CommonFields.REGISTRY;

import io.whittle.connector.BaseProvider;
import io.whittle.connector.Choice;
import io.whittle.connector.CommonFields;
import io.whittle.connector.Connection;
import io.whittle.connector.Endpoints;
import io.whittle.connector.Field;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.connector.Instructions;
import io.whittle.connector.ProviderContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;

/**
 * Amazon ECR through the AWS SDK: a cross-account role that Whittle's own AWS identity assumes with an ExternalId
 * (recommended), or access keys (deprecated). The SDK's {@code GetAuthorizationToken} gives the registry password
 * (12 hours) and the registry's address; listing and deleting use the ECR API.
 */
public final class EcrProvider extends BaseProvider {
    public static final String ID = "ecr";
    static final String REGION = "region";
    static final String METHOD = "authMethod";
    static final String ROLE = "role";
    static final String KEYS = "keys";
    static final String ROLE_ARN = "roleArn";
    static final String EXTERNAL_ID = "externalId";
    static final String ACCESS_KEY_ID = "accessKeyId";
    static final String SECRET_ACCESS_KEY = "secretAccessKey";
    static final String SESSION_TOKEN = "sessionToken";
    static final String STS_URL = "stsUrl";

    static final Pattern ROLE_ARN_FORM = Pattern.compile(
            "arn:aws(?:-cn|-us-gov)?:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");
    static final Pattern ECR_HOST = Pattern.compile(
            "\\d{12}\\.dkr\\.ecr(?:-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?");

    private static final Form FORM = Form.of(
            Field.text(REGION, "Region").asRequired()
                    .help("The AWS region of the registry, e.g. us-east-1.")
                    .check(v -> v.matches("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d") ? Optional.empty()
                            : Optional.of("Give an AWS region such as us-east-1 or eu-west-3.")),
            Field.choice(METHOD, "Authentication", ROLE, Choice.of(ROLE, "Cross-account role (recommended)"),
                            Choice.deprecated(KEYS, "Access keys (deprecated)"))
                    .help("A role that Whittle assumes keeps no long-lived secret here; access keys are kept for old"
                            + " setups."),
            Field.text(ROLE_ARN, "Role ARN").asRequired().shownWhen(METHOD, ROLE)
                    .help("arn:aws:iam::ACCOUNT:role/NAME of the role Whittle assumes.")
                    .check(v -> ROLE_ARN_FORM.matcher(v).matches() ? Optional.empty()
                            : Optional.of("Give the role's ARN, arn:aws:iam::123456789012:role/NAME.")),
            Field.text(EXTERNAL_ID, "External ID").asRequired().shownWhen(METHOD, ROLE)
                    .help("The ExternalId the role's trust policy requires; it stops others from making Whittle"
                            + " assume your role.")
                    .check(v -> v.matches("[\\w+=,.@:/-]{2,1224}") ? Optional.empty()
                            : Optional.of("An ExternalId is 2 to 1224 letters, digits and +=,.@:/- characters.")),
            Field.text(ACCESS_KEY_ID, "Access key ID").asRequired().shownWhen(METHOD, KEYS)
                    .help("The access key ID (AKIA… or ASIA…).")
                    .check(v -> v.matches("(AKIA|ASIA)[A-Z0-9]{12,124}") ? Optional.empty()
                            : Optional.of("An access key ID starts with AKIA or ASIA followed by capital letters and"
                            + " digits.")),
            Field.secret(SECRET_ACCESS_KEY, "Secret access key").asRequired().shownWhen(METHOD, KEYS)
                    .help("The secret that goes with the access key ID."),
            Field.secret(SESSION_TOKEN, "Session token").shownWhen(METHOD, KEYS)
                    .help("Only for temporary credentials (an ASIA… key)."),
            CommonFields.registryHost("Registry host", "ACCOUNT.dkr.ecr.REGION.amazonaws.com; found from the"
                    + " credentials when empty.").asAdvanced(),
            Field.text(API_URL, "ECR endpoint").asAdvanced()
                    .help("Only for a VPC endpoint or another ECR-compatible endpoint.").check(Endpoints.API_URL),
            Field.text(STS_URL, "STS endpoint").asAdvanced()
                    .help("Only for a VPC endpoint of STS.").check(Endpoints.API_URL));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with an IAM role that Whittle assumes (recommended), or with access keys.", List.of(
            "In the AWS console of the account that owns the registry, open IAM > Roles > Create role.",
            "Choose 'AWS account' > Another AWS account, enter the account ID of the Whittle installation, tick"
                    + " 'Require external ID' and enter an external ID of your own (a long random string).",
            "Attach the permissions: AmazonEC2ContainerRegistryReadOnly to inspect, or"
                    + " AmazonEC2ContainerRegistryPowerUser to push optimized images too (add"
                    + " ecr:BatchDeleteImage to delete tags and ecr:CreateRepository to push to new"
                    + " repositories).",
            "Name the role (e.g. whittle-ecr), create it and copy its ARN.",
            "Enter the registry's region, the role ARN and the external ID.",
            "Deprecated alternative: IAM > Users > your user > Security credentials > Create access key, and"
                    + " enter the access key ID and secret (and the session token for temporary keys)."), List.of(
            "Access keys are long-lived secrets; prefer the role, which leaves no secret with Whittle.",
            "ECR's registry password lasts 12 hours; Whittle renews it before it expires.",
            "ECR needs a repository to exist before pushing to it: Whittle creates a missing one when the"
                    + " credential has ecr:CreateRepository."));

    private final AwsCredentialsProvider identity;

    /**
     * An ECR provider whose role connectors are assumed by {@code identity}, Whittle's own AWS identity (the
     * operator's; the account that the customers' role trust policies name).
     */
    public EcrProvider(AwsCredentialsProvider identity) {
        super(ID, "Amazon ECR", FORM, INSTRUCTIONS, REGISTRY, Set.of(REGION, REGISTRY, API_URL, STS_URL));
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /**
     * Whittle's identity from the environment: {@code AWS_ACCESS_KEY_ID} and friends, Java system properties, or
     * the shared credentials and config files. Instance and container metadata endpoints are deliberately not
     * consulted: the SDK would reach them outside Whittle's outbound policy.
     */
    public static EcrProvider withEnvironmentIdentity() {
        return new EcrProvider(AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(false)
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        SystemPropertyCredentialsProvider.create(), ProfileCredentialsProvider.create()).build());
    }

    /** The configured registry, or for a role the one its account and region name (on AWS's own endpoints). */
    @Override
    public Optional<String> registryHost(FieldValues values) {
        Optional<String> configured = values.text(REGISTRY).flatMap(Endpoints::registryHost);
        if (configured.isPresent() || values.text(API_URL).isPresent()) {
            return configured;
        }
        if (FORM.value(values, METHOD).orElse(ROLE).equals(ROLE)) {
            Matcher m = ROLE_ARN_FORM.matcher(values.text(ROLE_ARN).orElse(""));
            String region = values.text(REGION).orElse("");
            if (m.matches() && !region.isEmpty()) {
                return Optional.of(m.group(1) + ".dkr.ecr." + region + ".amazonaws.com"
                        + (region.startsWith("cn-") ? ".cn" : ""));
            }
        }
        return Optional.empty();
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        boolean role = FORM.value(values, METHOD).orElse(ROLE).equals(ROLE);
        EcrSettings s = new EcrSettings(values.text(REGION).orElseThrow(), role,
                values.text(ROLE_ARN), values.text(EXTERNAL_ID), values.text(ACCESS_KEY_ID),
                values.secret(SECRET_ACCESS_KEY), values.secret(SESSION_TOKEN),
                values.text(REGISTRY).flatMap(Endpoints::registryHost),
                values.text(API_URL).map(Endpoints::apiUrl), values.text(STS_URL).map(Endpoints::apiUrl));
        return new EcrConnection(context, s, identity);
    }
}
