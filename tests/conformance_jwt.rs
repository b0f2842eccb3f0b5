//! Conformance of the unverified JWT decoder against public JOSE corpora:
//! RFC 7515/7519 examples, the RFC 7520 JOSE Cookbook (+ RFC 7797) and
//! Google Wycheproof's JSON Web Signature vectors.

use serde_json::{Map, Value};
use std::fs;
use std::path::{Path, PathBuf};
use why401::jwt::{decode, decode_header, inspect, Base64Problem, DecodeError, Part, Token};

macro_rules! corpus {
    ($rel:literal) => {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpora/conformance/jwt/",
            $rel
        )
    };
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn obj(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().expect("expected a JSON object")
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn rfc_jwt_examples() {
    let doc = read_json(Path::new(corpus!("rfc-jwt-examples.json")));
    let examples = doc["examples"].as_array().expect("examples");
    let mut n = 0;
    for ex in examples {
        let id = ex["id"].as_str().unwrap_or("?");
        let token = ex["token"].as_str().expect("token");
        let d = decode(token).unwrap_or_else(|e| panic!("{id}: {e}"));
        let header: Value = serde_json::from_str(ex["header_json"].as_str().expect("hdr")).unwrap();
        let claims: Value =
            serde_json::from_str(ex["payload_json"].as_str().expect("payload")).unwrap();
        assert_eq!(d.header, obj(&header), "{id} header");
        assert_eq!(d.claims, obj(&claims), "{id} claims");
        assert_eq!(d.alg.as_deref(), ex["alg"].as_str(), "{id} alg");
        if ex["alg"] == "none" {
            assert!(d.is_unsigned(), "{id}");
            assert_eq!(d.signature_len, 0, "{id}");
        } else {
            assert!(!d.is_unsigned(), "{id}");
            assert_eq!(d.signature_len, 32, "{id}: HS256 MAC is 32 bytes");
        }
        n += 1;
    }
    assert_eq!(n, 3);

    // RFC 7519 §3.1: exp 1300819380 = 2011-03-22T18:43:00Z.
    let d = decode(examples[0]["token"].as_str().unwrap()).unwrap();
    let exp = d.exp().expect("exp");
    assert_eq!(exp.as_i64(), Some(1_300_819_380));
    assert!(!exp.looks_like_millis());
    assert_eq!(
        why401::time::format_iso8601(exp.unix_millis().unwrap()),
        "2011-03-22T18:43:00.000Z"
    );
    assert_eq!(d.iss().as_deref(), Some("joe"));
    assert_eq!(d.typ.as_deref(), Some("JWT"));
}

/// Checks a cookbook JWS compact serialization; returns the decode error the
/// payload produced, if any.
fn check_cookbook_jws(name: &str, compact: &str, protected: &Value) -> Result<(), DecodeError> {
    let header = decode_header(compact).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(header, obj(protected), "{name}: protected header");
    decode(compact).map(|_| ())
}

#[test]
fn jose_cookbook() {
    let mut jws = 0;
    let mut jwe = 0;
    let mut json_serializations = 0;

    for path in json_files(corpus!("rfc7520-jose-cookbook/jws")) {
        let name = path.display().to_string();
        let doc = read_json(&path);
        json_serializations += check_json_serializations(&name, &doc["output"]);
        let Some(compact) = doc["output"]["compact"].as_str() else {
            continue;
        };
        let err = check_cookbook_jws(&name, compact, &doc["signing"]["protected"]).unwrap_err();
        if name.contains("detached") {
            // RFC 7515 Appendix F: the payload segment is empty.
            assert_eq!(
                err,
                DecodeError::EmptyPart {
                    part: Part::Payload
                },
                "{name}"
            );
        } else {
            // The cookbook signs a Tolkien quote, not JWT claims.
            assert_eq!(
                err,
                DecodeError::NotJson {
                    part: Part::Payload
                },
                "{name}"
            );
        }
        jws += 1;
    }
    assert_eq!(jws, 5, "JWS compact serializations in the cookbook");

    let mut b64_false = 0;
    for path in json_files(corpus!("rfc7520-jose-cookbook/rfc7797")) {
        let name = path.display().to_string();
        let doc = read_json(&path);
        json_serializations += check_json_serializations(&name, &doc["output"]);
        let Some(compact) = doc["output"]["compact"].as_str() else {
            continue;
        };
        let err = check_cookbook_jws(&name, compact, &doc["signing"]["protected"]).unwrap_err();
        assert_eq!(err, DecodeError::UnencodedPayload, "{name}");
        b64_false += 1;
    }
    assert_eq!(b64_false, 1);

    for path in json_files(corpus!("rfc7520-jose-cookbook/jwe")) {
        let name = path.display().to_string();
        let doc = read_json(&path);
        json_serializations += check_json_serializations(&name, &doc["output"]);
        let Some(compact) = doc["output"]["compact"].as_str() else {
            continue;
        };
        check_cookbook_jwe(&name, compact, &doc);
        jwe += 1;
    }
    assert_eq!(jwe, 9, "JWE compact serializations in the cookbook");
    assert_eq!(json_serializations, 44);

    // §6: a signed JWT (real claims) nested inside a JWE.
    let nest = read_json(Path::new(corpus!(
        "rfc7520-jose-cookbook/6.nesting_signatures_and_encryption.json"
    )));
    let inner = nest["sign"]["output"]["compact"].as_str().expect("inner");
    assert!(check_cookbook_jws("6 sign", inner, &nest["sign"]["signing"]["protected"]).is_ok());
    let d = decode(inner).unwrap();
    let claims: Value =
        serde_json::from_str(nest["sign"]["input"]["payload"].as_str().unwrap()).unwrap();
    assert_eq!(d.claims, obj(&claims));
    assert_eq!(d.exp().and_then(|e| e.as_i64()), Some(1_300_819_380));
    let outer = nest["encrypt"]["output"]["compact"]
        .as_str()
        .expect("outer");
    check_cookbook_jwe("6 encrypt", outer, &nest["encrypt"]);
    match inspect(outer) {
        Ok(Token::Encrypted(e)) => assert_eq!(e.cty.as_deref(), Some("JWT")),
        other => panic!("6 encrypt: {other:?}"),
    }
}

fn check_cookbook_jwe(name: &str, compact: &str, doc: &Value) {
    let protected = obj(&doc["encrypting_content"]["protected"]);
    match inspect(compact) {
        Ok(Token::Encrypted(e)) => {
            assert_eq!(e.header, protected, "{name}: protected header");
            assert_eq!(
                e.enc.as_deref(),
                doc["input"]["enc"].as_str(),
                "{name}: enc"
            );
            assert_eq!(
                e.alg.as_deref(),
                doc["input"]["alg"].as_str(),
                "{name}: alg"
            );
        }
        other => panic!("{name}: expected encrypted outcome, got {other:?}"),
    }
    let err = decode(compact).unwrap_err();
    assert!(matches!(err, DecodeError::Encrypted(_)), "{name}");
    assert!(!err.is_malformed(), "{name}");
    assert_eq!(decode_header(compact).unwrap(), protected, "{name}");
}

/// JSON (general and flattened) serializations are not bearer tokens; each must
/// be recognised as such rather than mis-reported as a part-count problem.
fn check_json_serializations(name: &str, output: &Value) -> usize {
    let mut n = 0;
    for key in ["json", "json_flat"] {
        if let Some(v) = output.get(key) {
            assert_eq!(
                decode(&v.to_string()),
                Err(DecodeError::JsonSerialization),
                "{name} {key}"
            );
            n += 1;
        }
    }
    n
}

/// What a deliberately malformed Wycheproof vector must produce.
enum Expect {
    /// Exactly this error.
    Exact(DecodeError),
    /// A non-base64 character in this part (which character varies).
    BadChar(Part),
}

/// `None` means structurally sound: only the signature or key use is wrong,
/// which an unverified decoder cannot and must not notice.
fn wycheproof_expected(comment: &str) -> Option<Expect> {
    use DecodeError as E;
    Some(match comment {
        "rejectsEmptyString" => Expect::Exact(E::Empty),
        "rejectsValidJsonSerialization" => Expect::Exact(E::JsonSerialization),
        "rejectsMissingSignatureAndSeparator"
        | "rejectsMissingPayloadAndSeparator"
        | "rejectsMissingHeaderAndSeparator" => Expect::Exact(E::WrongPartCount { parts: 2 }),
        "rejectsMissingHeaderSignatureAndSeparators"
        | "rejectsMissingHeaderSignatureAndSeparator" => {
            Expect::Exact(E::WrongPartCount { parts: 1 })
        }
        "rejectsExtraEmptyComponent" | "rejectsExtraComponent" => {
            Expect::Exact(E::WrongPartCount { parts: 4 })
        }
        "rejectsMissingHeader" | "rejectsMissingHeaderAndSignature" => {
            Expect::Exact(E::EmptyPart { part: Part::Header })
        }
        "rejectsMissingPayload" => Expect::Exact(E::EmptyPart {
            part: Part::Payload,
        }),
        "ModifiedUnusedBitsInPayload" | "MacOfIncorrectlyEncodedMessage" => {
            Expect::Exact(E::NotBase64Url {
                part: Part::Payload,
                problem: Base64Problem::NonCanonical,
            })
        }
        "rejectsSpacesInMac"
        | "rejectsInvalidCharacterInsertedInMac"
        | "rejects0ReplacedbyInvalidCharacter"
        | "rejectsInvalidCharacters" => Expect::BadChar(Part::Signature),
        // Wycheproof marks 372/373 "valid" (Java decoders skip junk), but a
        // strict JWS decoder must reject the '?' they contain.
        "spacesInHeader" | "invalidCharactersInHeader" | "InvalidCharacterInsertedInHeader" => {
            Expect::BadChar(Part::Header)
        }
        "spacesInPayload"
        | "invalidCharactersInPayload"
        | "InvalidCharacterInPayload"
        | "InvalidCharacterInsertedInPayload" => Expect::BadChar(Part::Payload),
        _ => return None,
    })
}

/// The `alg` values a vector's header may carry: the group's algorithm, or
/// the one the vector deliberately swaps in. "UsingRS256"-style vectors come
/// in pairs, one with the swapped header and one with the original header.
fn expected_algs<'a>(group: &str, comment: &'a str) -> Vec<&'a str> {
    match comment {
        "rejectsNoneAlgorithmAndMissingSignature" | "algIsNone" => return vec!["none"],
        c if c.starts_with("rejectsSymmetryConfusionAttacks") => return vec!["HS256"],
        "Figure13" => return vec!["RS256"],
        "Figure20" => return vec!["PS384"],
        "Figure27" => return vec!["ES512"],
        "Figure35" => return vec!["HS256"],
        _ => {}
    }
    let base = match group {
        "hs256" | "base64" => "HS256",
        "es256" | "SpecialCaseEs256" | "ec_key_for_encryption" => "ES256",
        "rs256" | "rsa_encryption" => "RS256",
        "rs384" => "RS384",
        "rs512" => "RS512",
        "ps256" => "PS256",
        "ps384" => "PS384",
        "ps512" => "PS512",
        _ => return Vec::new(),
    };
    let mut v = vec![base];
    v.extend(comment.strip_prefix("Using"));
    v
}

#[test]
fn wycheproof_json_web_signature() {
    let doc = read_json(Path::new(corpus!(
        "wycheproof/json_web_signature_test.json"
    )));
    let declared = doc["numberOfTests"].as_u64().expect("numberOfTests");
    let mut processed = 0u64;
    let mut malformed = 0;
    let mut headers_checked = 0;
    let mut algs_checked = 0;

    for group in doc["testGroups"].as_array().expect("testGroups") {
        let gname = group["comment"].as_str().unwrap_or("");
        for t in group["tests"].as_array().expect("tests") {
            processed += 1;
            let id = t["tcId"].as_u64().unwrap_or(0);
            let comment = t["comment"].as_str().unwrap_or("");
            let jws = t["jws"].as_str().expect("every vector here is a string");
            let result = decode(jws);
            let _ = inspect(jws);

            if let Some(want) = wycheproof_expected(comment) {
                malformed += 1;
                let got = result.expect_err(&format!("tc {id} {comment} must not decode"));
                match want {
                    Expect::Exact(want) => assert_eq!(got, want, "tc {id} {comment}"),
                    Expect::BadChar(part) => assert!(
                        matches!(
                            got,
                            DecodeError::NotBase64Url { part: p, problem: Base64Problem::InvalidCharacter { .. } }
                                if p == part
                        ),
                        "tc {id} {comment}: {got:?}"
                    ),
                }
                continue;
            }

            let header = decode_header(jws).unwrap_or_else(|e| panic!("tc {id} {comment}: {e}"));
            headers_checked += 1;
            let algs = expected_algs(gname, comment);
            if !algs.is_empty() {
                let got = header["alg"].as_str().unwrap_or_default();
                // One algIsNone vector spells it "NONE"; JWA names are
                // case-sensitive, but attackers count on lax comparisons.
                assert!(
                    algs.iter().any(|a| got.eq_ignore_ascii_case(a)),
                    "tc {id} {comment}: {got} not in {algs:?}"
                );
                algs_checked += 1;
            }
            // Wycheproof payloads are raw bytes ("foo", "Test", zeros, bare
            // numbers) or empty, never a JSON object of claims.
            let err = result.expect_err(&format!("tc {id} {comment}: payload is not claims"));
            if comment == "emptyPayload" {
                assert_eq!(
                    err,
                    DecodeError::EmptyPart {
                        part: Part::Payload
                    },
                    "tc {id}"
                );
            } else {
                assert!(
                    matches!(
                        err,
                        DecodeError::NotJson {
                            part: Part::Payload
                        } | DecodeError::NotObject {
                            part: Part::Payload,
                            ..
                        }
                    ),
                    "tc {id} {comment}: {err:?}"
                );
            }
        }
    }

    assert_eq!(processed, declared);
    assert_eq!(processed, 401);
    assert_eq!(malformed, 41);
    assert_eq!(headers_checked, 360);
    assert_eq!(algs_checked, 360);
}
