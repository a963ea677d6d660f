// Amplify's identity library (amazon-cognito-identity-js) against the local pool: SRP sign-in,
// attributes, attribute update, sign-out.
const { CognitoUserPool, CognitoUser, AuthenticationDetails, CognitoUserAttribute } =
  require("amazon-cognito-identity-js");

const [endpoint, poolId, clientId, username, password] = process.argv.slice(2);
const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });
const user = new CognitoUser({ Username: username, Pool: pool });
const fail = (step) => (err) => { console.error(`${step} failed: ${err.code || ""} ${err.message}`); process.exit(1); };

user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
  onSuccess: (session) => {
    console.log("authenticated", session.isValid());
    console.log("id token user", session.getIdToken().payload["cognito:username"]);
    user.updateAttributes([new CognitoUserAttribute({ Name: "given_name", Value: "Amplify" })], (err) => {
      if (err) return fail("updateAttributes")(err);
      user.getUserAttributes((err, attrs) => {
        if (err) return fail("getUserAttributes")(err);
        const given = attrs.find((a) => a.getName() === "given_name").getValue();
        console.log("given_name", given);
        user.globalSignOut({ onSuccess: () => console.log("signed out"), onFailure: fail("globalSignOut") });
      });
    });
  },
  onFailure: fail("authenticateUser"),
});
