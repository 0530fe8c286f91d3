-- A Lianjing database at Alembic revision 0006, made by the release's own code (commit 588caa5):
-- the demo county seeded, the five diagrams deployed, and three warning cases in flight on 2026-11-03:
-- an inquiry waiting for approval (第十七条), an ordered correction in rectification with its one-month
-- timer armed (第三十条), and a clue waiting to be screened (第十四条). Standard SQL literals, one row
-- per statement, parents before children: it loads into SQLite and PostgreSQL after `upgrade 0006`.
-- Made by tests/data/make_release_0006_fixture.py; never edit it by hand.
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 25, '858254f75f167eb3c3a839398e89350361aecf3b872218e0bd8202c954320802');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (1, 'county', '寿县纪委', 'commission', NULL, '/1/', '寿纪预');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (2, 'county-committee', '中共寿县县委', 'county_committee', 1, '/1/2/', '寿委');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (3, 'org-dept', '县委组织部', 'organisation', 1, '/1/3/', '寿组');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (4, 'personnel', '县人力资源和社会保障局', 'personnel', 1, '/1/4/', '寿人社');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (5, 'town-zhengyang', '正阳关镇', 'town', 1, '/1/5/', '正纪预');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (6, 'town-wabu', '瓦埠镇', 'town', 1, '/1/6/', '瓦纪预');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (7, 'town-anfeng', '安丰镇', 'town', 1, '/1/7/', '安纪预');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (8, 'dept-finance', '县财政局', 'department', 1, '/1/8/', '寿财纪');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (9, 'dept-housing', '县住房和城乡建设局', 'department', 1, '/1/9/', '寿建纪');
INSERT INTO unit (id, code, name, kind, parent_id, path, doc_prefix) VALUES (10, 'dept-education', '县教育体育局', 'department', 1, '/1/10/', '寿教纪');
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (1, '周志强', 5, '党委书记', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (2, '吴海燕', 5, '镇长', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (3, '郑文军', 5, '党委副书记', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (4, '孙立新', 5, '副镇长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (5, '钱红梅', 5, '财政所所长', 'other', 5);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (6, '冯国华', 5, '国土所所长', 'other', 5);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (7, '陈建平', 6, '党委书记', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (8, '褚晓东', 6, '镇长', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (9, '卫玉兰', 6, '党委副书记', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (10, '蒋德明', 6, '副镇长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (11, '沈春生', 6, '财政所所长', 'other', 6);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (12, '韩秀英', 6, '国土所所长', 'other', 6);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (13, '杨永刚', 7, '党委书记', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (14, '朱丽萍', 7, '镇长', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (15, '秦学军', 7, '党委副书记', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (16, '尤桂芳', 7, '副镇长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (17, '许长青', 7, '财政所所长', 'other', 7);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (18, '何卫国', 7, '国土所所长', 'other', 7);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (19, '吕淑珍', 8, '局长', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (20, '施振华', 8, '副局长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (21, '张雪梅', 8, '纪检组长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (22, '孔保国', 8, '办公室主任', 'other', 8);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (23, '曹金凤', 9, '局长', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (24, '严俊杰', 9, '副局长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (25, '华爱民', 9, '纪检组长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (26, '金凤英', 9, '办公室主任', 'other', 9);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (27, '魏宏伟', 10, '局长', 'principal_leader', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (28, '陶小红', 10, '副局长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (29, '姜忠诚', 10, '纪检组长', 'group_member', 1);
INSERT INTO cadre (id, name, unit_id, position_title, position_kind, managed_by_unit_id) VALUES (30, '戚新民', 10, '办公室主任', 'other', 10);
INSERT INTO number_counter (id, unit_id, series, year, last_value) VALUES (1, 1, 'clue', 2026, 3);
INSERT INTO number_counter (id, unit_id, series, year, last_value) VALUES (2, 1, 'case', 2026, 3);
INSERT INTO number_counter (id, unit_id, series, year, last_value) VALUES (3, 1, 'document', 2026, 10);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (1, 'system', '系统', '', 1, NULL, FALSE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (2, 'admin', '系统管理员', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (3, 'wang.clerk', '王文书(预警办)', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (4, 'xu.clerk', '徐敏(预警办)', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (5, 'li.deputy', '李建国(分管副书记)', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (6, 'zhang.secretary', '张正清(纪委书记)', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (7, 'zhao.committee', '赵明(常委会秘书)', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (8, 'wu.partychief', '吴卫东(县委书记)', 'scrypt:131072:8:1$test$not-a-real-hash', 2, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (9, 'zheng.org', '郑红(组织部)', 'scrypt:131072:8:1$test$not-a-real-hash', 3, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (10, 'he.personnel', '何静(人社局)', 'scrypt:131072:8:1$test$not-a-real-hash', 4, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (11, 'chen.supervisor', '陈督办', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (12, 'liu.auditor', '刘审计', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (13, 'sun.designer', '孙设计', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (14, 'zhou.designer', '周设计', 'scrypt:131072:8:1$test$not-a-real-hash', 1, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (15, 'zy.office', '正阳关镇纪委干事', 'scrypt:131072:8:1$test$not-a-real-hash', 5, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (16, 'zy.secretary', '正阳关镇纪委书记', 'scrypt:131072:8:1$test$not-a-real-hash', 5, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (17, 'zy.partychief', '正阳关镇党委书记', 'scrypt:131072:8:1$test$not-a-real-hash', 5, 1, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (18, 'wb.office', '瓦埠镇纪委干事', 'scrypt:131072:8:1$test$not-a-real-hash', 6, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (19, 'wb.secretary', '瓦埠镇纪委书记', 'scrypt:131072:8:1$test$not-a-real-hash', 6, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (20, 'af.office', '安丰镇纪委干事', 'scrypt:131072:8:1$test$not-a-real-hash', 7, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (21, 'af.secretary', '安丰镇纪委书记', 'scrypt:131072:8:1$test$not-a-real-hash', 7, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (22, 'cz.office', '财政局纪检组干事', 'scrypt:131072:8:1$test$not-a-real-hash', 8, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (23, 'cz.secretary', '财政局纪检组长', 'scrypt:131072:8:1$test$not-a-real-hash', 8, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (24, 'zj.office', '住建局纪检组干事', 'scrypt:131072:8:1$test$not-a-real-hash', 9, NULL, TRUE, NULL);
INSERT INTO user_account (id, username, display_name, password_hash, unit_id, cadre_id, active, email) VALUES (25, 'jy.office', '教体局纪检组干事', 'scrypt:131072:8:1$test$not-a-real-hash', 10, NULL, TRUE, NULL);
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (1, 1, '2026-11-02 01:00:00', NULL, '系统', NULL, NULL, 'definition.deployed', 'definition', '1', NULL, NULL, NULL, '{"filename": "correction_supervision.bpmn", "key": "correction_supervision", "sha256": "cf8f0c132dd266a6f38118a29b14d5585c529a288fbda212f46debc053571460", "version": 1}', NULL, '0000000000000000000000000000000000000000000000000000000000000000', 'c6cd61cb33a921bc7f86cc0eebc6a375821e51362b51870f88046aaa7eaffee9');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (2, 2, '2026-11-02 01:00:00', NULL, '系统', NULL, NULL, 'definition.deployed', 'definition', '2', NULL, NULL, NULL, '{"filename": "reply_supervision.bpmn", "key": "reply_supervision", "sha256": "e46aebe278b3412aa6661a95824cc8f15f4d2b93a1b755f2948e230db88398b6", "version": 1}', NULL, 'c6cd61cb33a921bc7f86cc0eebc6a375821e51362b51870f88046aaa7eaffee9', 'eeae025398842a72909a00f509cbcf641a8db34d24bb4da62158fa31a15f30fd');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (3, 3, '2026-11-02 01:00:00', NULL, '系统', NULL, NULL, 'definition.deployed', 'definition', '3', NULL, NULL, NULL, '{"filename": "warning_approval.bpmn", "key": "warning_approval", "sha256": "f9b7b61cdf890fa75c9520cf130f8713d5148acc20cf473abca66e9894ad515b", "version": 1}', NULL, 'eeae025398842a72909a00f509cbcf641a8db34d24bb4da62158fa31a15f30fd', 'fde2e2771c495a744b94483d8e62c51b2e573b34b6f0f05bec414b31384cbc55');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (4, 4, '2026-11-02 01:00:00', NULL, '系统', NULL, NULL, 'definition.deployed', 'definition', '4', NULL, NULL, NULL, '{"filename": "warning_case.bpmn", "key": "warning_case", "sha256": "f76decb4bd7942fc1e39d6ebc32410d966662efcc08da636269bec58ac532982", "version": 1}', NULL, 'fde2e2771c495a744b94483d8e62c51b2e573b34b6f0f05bec414b31384cbc55', '747c298801ef7ac0f3e792835305ed79943ae2e58eb573f0f80438442cd698bb');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (5, 5, '2026-11-02 01:00:00', NULL, '系统', NULL, NULL, 'definition.deployed', 'definition', '5', NULL, NULL, NULL, '{"filename": "warning_execution.bpmn", "key": "warning_execution", "sha256": "68726e5542cd10e9e63530243c37295ddc1f16e75e1fafcf6e95859dc7e834dc", "version": 1}', NULL, '747c298801ef7ac0f3e792835305ed79943ae2e58eb573f0f80438442cd698bb', '8b3a7c603c3149ad1b32a7b1d5f18c4da186cade6ff01015a47afa7ee4266b76');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (6, 6, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'clue.registered', 'clue', '1', 1, '127.0.0.1', NULL, '{"case_number": "寿纪预案〔2026〕1号", "clue_number": "寿纪预线〔2026〕1号", "received_on": "2026-11-01", "source_channel": "letters_visits", "source_unit_name": "县信访局", "subject_cadre_id": 4, "summary": "群众反映该干部违规收受礼金。", "transfer_form_number": null, "transferred_on": null, "transferring_body": null, "warnings": []}', NULL, '8b3a7c603c3149ad1b32a7b1d5f18c4da186cade6ff01015a47afa7ee4266b76', '46653a75bfd874c7c555260707fd38e60e9e64cfda4739cee4aaa3c6a47cddea');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (7, 7, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '1', 1, '127.0.0.1', '{"current_due_date": null, "stage": "screening", "warning_type": null}', '{"article": "第十四条", "current_due_date": null, "documents": [], "form": {"reason": "本级处理", "routing": "handle_here"}, "name": "筛选分流线索", "next": ["propose_subject"], "stage": "determination", "step": "screen_clue"}', NULL, '46653a75bfd874c7c555260707fd38e60e9e64cfda4739cee4aaa3c6a47cddea', 'da65e98e11d62acd1c3d3471000564b1b4f2cf108b789d101a6eee8de9b425de');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (8, 8, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '2', 1, '127.0.0.1', '{"current_due_date": null, "stage": "determination", "warning_type": null}', '{"article": "第十五、十六条", "current_due_date": null, "documents": [], "form": {"facts": "反映其违规操办婚宴", "grounds": "第七条", "warning_type": "inquiry"}, "name": "排查并提出预警对象建议", "next": ["fill_approval_form"], "stage": "approval", "step": "propose_subject"}', NULL, 'da65e98e11d62acd1c3d3471000564b1b4f2cf108b789d101a6eee8de9b425de', '447b8c84508a3eff1489580676b57acd43980b5daad841e101f0cc0a76bacb02');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (9, 9, '2026-11-02 01:00:00', 4, '徐敏(预警办)', 'warning_office', 1, 'task.completed', 'task', '3', 1, '127.0.0.1', '{"current_due_date": null, "stage": "approval", "warning_type": "inquiry"}', '{"article": "第十七条", "current_due_date": null, "documents": ["寿纪预〔2026〕1号"], "form": {"basis": "第七条", "proposal": "建议谈话函询"}, "name": "填写预警对象审批表", "next": ["approve_inquiry"], "stage": "approval", "step": "fill_approval_form"}', NULL, '447b8c84508a3eff1489580676b57acd43980b5daad841e101f0cc0a76bacb02', 'a273b9673c47a34d32c8d19065ef4fb4b9f1a5b4225d04fe4428885f6927433e');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (10, 10, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'clue.registered', 'clue', '2', 2, '127.0.0.1', NULL, '{"case_number": "寿纪预案〔2026〕2号", "clue_number": "寿纪预线〔2026〕2号", "received_on": "2026-11-01", "source_channel": "letters_visits", "source_unit_name": "县信访局", "subject_cadre_id": 2, "summary": "群众反映该干部违规收受礼金。", "transfer_form_number": null, "transferred_on": null, "transferring_body": null, "warnings": []}', NULL, 'a273b9673c47a34d32c8d19065ef4fb4b9f1a5b4225d04fe4428885f6927433e', 'fc41c0c94c5b0db028a77861b317516effb6a23979b59d164788d5be2a40413a');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (11, 11, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '5', 2, '127.0.0.1', '{"current_due_date": null, "stage": "screening", "warning_type": null}', '{"article": "第十四条", "current_due_date": null, "documents": [], "form": {"reason": "属县管干部,本级处理", "routing": "handle_here"}, "name": "筛选分流线索", "next": ["propose_subject"], "stage": "determination", "step": "screen_clue"}', NULL, 'fc41c0c94c5b0db028a77861b317516effb6a23979b59d164788d5be2a40413a', '47c37877462408012f012dd175cbc501e5278c0e78900ff8966610cca647313d');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (12, 12, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '6', 2, '127.0.0.1', '{"current_due_date": null, "stage": "determination", "warning_type": null}', '{"article": "第十五、十六条", "current_due_date": null, "documents": [], "form": {"facts": "违规收受礼金2000元", "grounds": "第九条", "warning_type": "correction"}, "name": "排查并提出预警对象建议", "next": ["preliminary_check"], "stage": "determination", "step": "propose_subject"}', NULL, '47c37877462408012f012dd175cbc501e5278c0e78900ff8966610cca647313d', '651517cd090609db236d94ce0c10c33e8dd2fb200c4992ea4eb6382a98c6edc3');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (13, 13, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '7', 2, '127.0.0.1', '{"current_due_date": null, "stage": "determination", "warning_type": "correction"}', '{"article": "第十六条", "current_due_date": null, "documents": [], "form": {"check_conclusion": "confirmed", "findings": "经初核,反映问题基本属实", "finished_on": "2026-11-02", "method": "preliminary_check"}, "name": "了解、初核或调查", "next": ["fill_approval_form"], "stage": "approval", "step": "preliminary_check"}', NULL, '651517cd090609db236d94ce0c10c33e8dd2fb200c4992ea4eb6382a98c6edc3', '092ac8ae279433426be726fbbcc2e3136c9d33012777a5330df9d26a0167b3fb');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (14, 14, '2026-11-02 01:00:00', 4, '徐敏(预警办)', 'warning_office', 1, 'task.completed', 'task', '8', 2, '127.0.0.1', '{"current_due_date": null, "stage": "approval", "warning_type": "correction"}', '{"article": "第十七条", "current_due_date": null, "documents": ["寿纪预〔2026〕2号"], "form": {"basis": "第九条、第十七条", "proposal": "建议予以责令纠错"}, "name": "填写预警对象审批表", "next": ["approve_correction"], "stage": "approval", "step": "fill_approval_form"}', NULL, '092ac8ae279433426be726fbbcc2e3136c9d33012777a5330df9d26a0167b3fb', '020959ac9702a0555ee04f6d2dfc28d1a353441d37b672241f53f74213221bed');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (15, 15, '2026-11-02 01:00:00', 6, '张正清(纪委书记)', 'secretary', 1, 'task.completed', 'task', '9', 2, '127.0.0.1', '{"current_due_date": null, "stage": "approval", "warning_type": "correction"}', '{"article": "第十七条", "current_due_date": null, "documents": [], "form": {"approval_decision": "approved", "decided_on": "2026-11-02", "opinion": "同意"}, "name": "审批(责令纠错)", "next": ["report_to_party_chief"], "stage": "approval", "step": "approve_correction"}', NULL, '020959ac9702a0555ee04f6d2dfc28d1a353441d37b672241f53f74213221bed', '330a0fdb1672455b5e7ccaf273ad8c047a522f12ba370b5c3372407e1345919e');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (16, 16, '2026-11-02 01:00:00', 8, '吴卫东(县委书记)', 'party_chief', 2, 'task.completed', 'task', '10', 2, '127.0.0.1', '{"current_due_date": null, "stage": "approval", "warning_type": "correction"}', '{"article": "第十七条", "current_due_date": null, "documents": [], "form": {"acknowledged_on": "2026-11-02", "opinion": "阅"}, "name": "报县委主要领导", "next": ["plan_implementation"], "stage": "implementation", "step": "report_to_party_chief"}', NULL, '330a0fdb1672455b5e7ccaf273ad8c047a522f12ba370b5c3372407e1345919e', 'cd3b7133a101d3337ae34d4a064a93ea200ad8477c98d291a5e809d1e469fde6');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (17, 17, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '11', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第十七、十八、十九、二十、二十一条", "current_due_date": null, "documents": [], "form": {"implementer": "县纪委书记", "method": "written_and_talk", "started_on": "2026-11-02"}, "name": "确定实施方式", "next": ["draft_talk_plan"], "stage": "implementation", "step": "plan_implementation"}', NULL, 'cd3b7133a101d3337ae34d4a064a93ea200ad8477c98d291a5e809d1e469fde6', '1a63bebb6cb36269c4ed91b48f3d4d245a5a4e4501004f65ee168215b539d860');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (18, 18, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '12', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第二十二条", "current_due_date": null, "documents": ["寿纪预〔2026〕3号"], "form": {"co_talker_ids": [5], "lead_talker_id": 6, "outline": "指出错误事实,提出整改要求"}, "name": "制定谈话方案", "next": ["notify_talk"], "stage": "implementation", "step": "draft_talk_plan"}', NULL, '1a63bebb6cb36269c4ed91b48f3d4d245a5a4e4501004f65ee168215b539d860', '89e00f0f8aa80f289f91005ac140c42eb27a56a4b0d6ea843334c628d4168de6');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (19, 19, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '13', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第二十二条", "current_due_date": null, "documents": ["寿纪预〔2026〕4号"], "form": {"notified_on": "2026-11-02", "place": "县纪委谈话室", "talk_at": "2026-11-03T09:00:00+08:00"}, "name": "书面通知谈话对象", "next": ["record_talk"], "stage": "implementation", "step": "notify_talk"}', NULL, '89e00f0f8aa80f289f91005ac140c42eb27a56a4b0d6ea843334c628d4168de6', '31a19877e3fb2f661360cac4c852e601598db94305adbd6917ceab4620aa52e1');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (20, 20, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '14', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第二十二、二十三、二十四条", "current_due_date": null, "documents": ["寿纪预〔2026〕5号"], "form": {"record_summary": "本人承认错误,表示整改", "subject_signed": true, "talked_on": "2026-11-02", "talker_ids": [6, 5]}, "name": "实施谈话并记录", "next": ["fill_registration_form"], "stage": "implementation", "step": "record_talk"}', NULL, '31a19877e3fb2f661360cac4c852e601598db94305adbd6917ceab4620aa52e1', '3cc1e38cc2719b20cc0e35ea6a1a820a277be376cfe7457ee4134cf74d48b531');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (21, 21, '2026-11-02 01:00:00', 4, '徐敏(预警办)', 'warning_office', 1, 'task.completed', 'task', '15', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第二十五、二十六条", "current_due_date": null, "documents": ["寿纪预〔2026〕6号"], "form": {"commitment": null, "rectification_requirements": "一个月内退还礼金并作出书面检查"}, "name": "填写预警工作登记表", "next": ["approve_registration"], "stage": "implementation", "step": "fill_registration_form"}', NULL, '3cc1e38cc2719b20cc0e35ea6a1a820a277be376cfe7457ee4134cf74d48b531', '945e4749a8eb05a4b63822edf9c483bbafd6f7165b7dc1d0330dda4439a2bfe0');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (22, 22, '2026-11-02 01:00:00', 5, '李建国(分管副书记)', 'deputy_secretary', 1, 'task.completed', 'task', '16', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第二十五条", "current_due_date": null, "documents": [], "form": {"approval_decision": "approved", "decided_on": "2026-11-02", "opinion": null}, "name": "审批预警工作登记表", "next": ["issue_notice"], "stage": "implementation", "step": "approve_registration"}', NULL, '945e4749a8eb05a4b63822edf9c483bbafd6f7165b7dc1d0330dda4439a2bfe0', 'a14750bbbb72168c625d51d19df3439f58f75631ed6382131e22fe36772183e7');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (23, 23, '2026-11-02 01:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '17', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第二十二、二十三、二十四、二十五条", "current_due_date": null, "documents": ["寿纪预〔2026〕7号", "寿纪预〔2026〕8号", "寿纪预〔2026〕9号", "寿纪预〔2026〕10号"], "form": {"delivery_method": "in_person", "issued_on": "2026-11-02", "note": null}, "name": "发出询问函/通知书", "next": ["record_receipt"], "stage": "implementation", "step": "issue_notice"}', NULL, 'a14750bbbb72168c625d51d19df3439f58f75631ed6382131e22fe36772183e7', 'd94191d3f4d05c5c0538565d50ca2b51e09aed5ffb9c71979356ec6a0713fd82');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (24, 24, '2026-11-03 02:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'task.completed', 'task', '18', 2, '127.0.0.1', '{"current_due_date": null, "stage": "implementation", "warning_type": "correction"}', '{"article": "第二十八、二十九、三十条", "current_due_date": "2026-12-03", "documents": [], "form": {"received_on": "2026-11-03"}, "name": "登记接到通知(谈话)日期", "next": ["await_rectification"], "stage": "rectification", "step": "record_receipt"}', NULL, 'd94191d3f4d05c5c0538565d50ca2b51e09aed5ffb9c71979356ec6a0713fd82', '17058fa90a61c50da0ad240299a4d0a1860da7aa3f52f253d9722cb235e843ef');
INSERT INTO audit_event (id, seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, object_type, object_id, case_id, source_ip, before, after, reason, prev_hash, hash) VALUES (25, 25, '2026-11-03 02:00:00', 3, '王文书(预警办)', 'warning_office', 1, 'clue.registered', 'clue', '3', 3, '127.0.0.1', NULL, '{"case_number": "寿纪预案〔2026〕3号", "clue_number": "寿纪预线〔2026〕3号", "received_on": "2026-11-01", "source_channel": "letters_visits", "source_unit_name": "县信访局", "subject_cadre_id": 4, "summary": "群众反映该干部违规收受礼金。", "transfer_form_number": null, "transferred_on": null, "transferring_body": null, "warnings": ["孙立新已有未办结的预警案件:寿纪预案〔2026〕1号", "孙立新近90日内已有线索:寿纪预线〔2026〕1号"]}', NULL, '17058fa90a61c50da0ad240299a4d0a1860da7aa3f52f253d9722cb235e843ef', '858254f75f167eb3c3a839398e89350361aecf3b872218e0bd8202c954320802');
INSERT INTO clue (id, number, source_channel, source_unit_name, received_on, summary, subject_cadre_id, receiving_unit_id, transfer_form_number, transferring_body, transferred_on, registered_by_id, registered_at) VALUES (1, '寿纪预线〔2026〕1号', 'letters_visits', '县信访局', '2026-11-01', '群众反映该干部违规收受礼金。', 4, 1, NULL, NULL, NULL, 3, '2026-11-02 01:00:00');
INSERT INTO clue (id, number, source_channel, source_unit_name, received_on, summary, subject_cadre_id, receiving_unit_id, transfer_form_number, transferring_body, transferred_on, registered_by_id, registered_at) VALUES (2, '寿纪预线〔2026〕2号', 'letters_visits', '县信访局', '2026-11-01', '群众反映该干部违规收受礼金。', 2, 1, NULL, NULL, NULL, 3, '2026-11-02 01:00:00');
INSERT INTO clue (id, number, source_channel, source_unit_name, received_on, summary, subject_cadre_id, receiving_unit_id, transfer_form_number, transferring_body, transferred_on, registered_by_id, registered_at) VALUES (3, '寿纪预线〔2026〕3号', 'letters_visits', '县信访局', '2026-11-01', '群众反映该干部违规收受礼金。', 4, 1, NULL, NULL, NULL, 3, '2026-11-03 02:00:00');
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (1, 'task:1:user:3', 'email', 3, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕1号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 1, "task_id": 1}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (2, 'task:1:user:4', 'email', 4, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕1号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 1, "task_id": 1}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (3, 'task:2:user:3', 'email', 3, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕1号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 1, "task_id": 2}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (4, 'task:2:user:4', 'email', 4, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕1号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 1, "task_id": 2}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (5, 'task:3:user:3', 'email', 3, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕1号进入“审批”环节:填写预警对象审批表。', '{"case_id": 1, "task_id": 3}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (6, 'task:3:user:4', 'email', 4, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕1号进入“审批”环节:填写预警对象审批表。', '{"case_id": 1, "task_id": 3}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (7, 'task:4:user:5', 'email', 5, 'task_assigned', '新待办:审批(谈话函询)', '案件寿纪预案〔2026〕1号进入“审批”环节:审批(谈话函询)。', '{"case_id": 1, "task_id": 4}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (8, 'task:4:user:6', 'email', 6, 'task_assigned', '新待办:审批(谈话函询)', '案件寿纪预案〔2026〕1号进入“审批”环节:审批(谈话函询)。', '{"case_id": 1, "task_id": 4}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (9, 'task:5:user:3', 'email', 3, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕2号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 2, "task_id": 5}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (10, 'task:5:user:4', 'email', 4, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕2号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 2, "task_id": 5}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (11, 'task:6:user:3', 'email', 3, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕2号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 2, "task_id": 6}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (12, 'task:6:user:4', 'email', 4, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕2号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 2, "task_id": 6}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (13, 'task:7:user:3', 'email', 3, 'task_assigned', '新待办:了解、初核或调查', '案件寿纪预案〔2026〕2号进入“对象排查”环节:了解、初核或调查。', '{"case_id": 2, "task_id": 7}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (14, 'task:7:user:4', 'email', 4, 'task_assigned', '新待办:了解、初核或调查', '案件寿纪预案〔2026〕2号进入“对象排查”环节:了解、初核或调查。', '{"case_id": 2, "task_id": 7}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (15, 'task:8:user:3', 'email', 3, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕2号进入“审批”环节:填写预警对象审批表。', '{"case_id": 2, "task_id": 8}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (16, 'task:8:user:4', 'email', 4, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕2号进入“审批”环节:填写预警对象审批表。', '{"case_id": 2, "task_id": 8}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (17, 'task:9:user:6', 'email', 6, 'task_assigned', '新待办:审批(责令纠错)', '案件寿纪预案〔2026〕2号进入“审批”环节:审批(责令纠错)。', '{"case_id": 2, "task_id": 9}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (18, 'task:10:user:8', 'email', 8, 'task_assigned', '新待办:报县委主要领导', '案件寿纪预案〔2026〕2号进入“审批”环节:报县委主要领导。', '{"case_id": 2, "task_id": 10}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (19, 'task:11:user:3', 'email', 3, 'task_assigned', '新待办:确定实施方式', '案件寿纪预案〔2026〕2号进入“组织实施”环节:确定实施方式。', '{"case_id": 2, "task_id": 11}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (20, 'task:11:user:4', 'email', 4, 'task_assigned', '新待办:确定实施方式', '案件寿纪预案〔2026〕2号进入“组织实施”环节:确定实施方式。', '{"case_id": 2, "task_id": 11}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (21, 'task:12:user:3', 'email', 3, 'task_assigned', '新待办:制定谈话方案', '案件寿纪预案〔2026〕2号进入“组织实施”环节:制定谈话方案。', '{"case_id": 2, "task_id": 12}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (22, 'task:12:user:4', 'email', 4, 'task_assigned', '新待办:制定谈话方案', '案件寿纪预案〔2026〕2号进入“组织实施”环节:制定谈话方案。', '{"case_id": 2, "task_id": 12}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (23, 'task:13:user:3', 'email', 3, 'task_assigned', '新待办:书面通知谈话对象', '案件寿纪预案〔2026〕2号进入“组织实施”环节:书面通知谈话对象。', '{"case_id": 2, "task_id": 13}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (24, 'task:13:user:4', 'email', 4, 'task_assigned', '新待办:书面通知谈话对象', '案件寿纪预案〔2026〕2号进入“组织实施”环节:书面通知谈话对象。', '{"case_id": 2, "task_id": 13}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (25, 'task:14:user:3', 'email', 3, 'task_assigned', '新待办:实施谈话并记录', '案件寿纪预案〔2026〕2号进入“组织实施”环节:实施谈话并记录。', '{"case_id": 2, "task_id": 14}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (26, 'task:14:user:4', 'email', 4, 'task_assigned', '新待办:实施谈话并记录', '案件寿纪预案〔2026〕2号进入“组织实施”环节:实施谈话并记录。', '{"case_id": 2, "task_id": 14}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (27, 'task:15:user:3', 'email', 3, 'task_assigned', '新待办:填写预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:填写预警工作登记表。', '{"case_id": 2, "task_id": 15}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (28, 'task:15:user:4', 'email', 4, 'task_assigned', '新待办:填写预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:填写预警工作登记表。', '{"case_id": 2, "task_id": 15}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (29, 'task:16:user:5', 'email', 5, 'task_assigned', '新待办:审批预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:审批预警工作登记表。', '{"case_id": 2, "task_id": 16}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (30, 'task:16:user:6', 'email', 6, 'task_assigned', '新待办:审批预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:审批预警工作登记表。', '{"case_id": 2, "task_id": 16}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (31, 'task:17:user:3', 'email', 3, 'task_assigned', '新待办:发出询问函/通知书', '案件寿纪预案〔2026〕2号进入“组织实施”环节:发出询问函/通知书。', '{"case_id": 2, "task_id": 17}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (32, 'task:17:user:4', 'email', 4, 'task_assigned', '新待办:发出询问函/通知书', '案件寿纪预案〔2026〕2号进入“组织实施”环节:发出询问函/通知书。', '{"case_id": 2, "task_id": 17}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (33, 'document:8:user:9', 'inapp', 9, 'correction_notified', '责令纠错通报:吴海燕', '吴海燕(正阳关镇镇长)已被责令纠错(寿纪预〔2026〕8号),整改期间不得评选评优、暂缓提拔使用(第三十一条)。', '{"cadre_id": 2, "case_id": 2, "document_id": 8}', '2026-11-02 01:00:00', '2026-11-02 01:00:00');
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (34, 'document:9:user:10', 'inapp', 10, 'correction_notified', '责令纠错通报:吴海燕', '吴海燕(正阳关镇镇长)已被责令纠错(寿纪预〔2026〕9号),整改期间不得评选评优、暂缓提拔使用(第三十一条)。', '{"cadre_id": 2, "case_id": 2, "document_id": 9}', '2026-11-02 01:00:00', '2026-11-02 01:00:00');
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (35, 'document:10:user:17', 'inapp', 17, 'correction_notified', '责令纠错通报:吴海燕', '吴海燕(正阳关镇镇长)已被责令纠错(寿纪预〔2026〕10号),整改期间不得评选评优、暂缓提拔使用(第三十一条)。', '{"cadre_id": 2, "case_id": 2, "document_id": 10}', '2026-11-02 01:00:00', '2026-11-02 01:00:00');
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (36, 'task:18:user:3', 'email', 3, 'task_assigned', '新待办:登记接到通知(谈话)日期', '案件寿纪预案〔2026〕2号进入“组织实施”环节:登记接到通知(谈话)日期。', '{"case_id": 2, "task_id": 18}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (37, 'task:18:user:4', 'email', 4, 'task_assigned', '新待办:登记接到通知(谈话)日期', '案件寿纪预案〔2026〕2号进入“组织实施”环节:登记接到通知(谈话)日期。', '{"case_id": 2, "task_id": 18}', '2026-11-02 01:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (38, 'task:19:user:3', 'email', 3, 'task_assigned', '新待办:跟踪整改', '案件寿纪预案〔2026〕2号进入“说明整改”环节:跟踪整改。', '{"case_id": 2, "task_id": 19}', '2026-11-03 02:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (39, 'task:19:user:4', 'email', 4, 'task_assigned', '新待办:跟踪整改', '案件寿纪预案〔2026〕2号进入“说明整改”环节:跟踪整改。', '{"case_id": 2, "task_id": 19}', '2026-11-03 02:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (40, 'task:20:user:3', 'email', 3, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕3号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 3, "task_id": 20}', '2026-11-03 02:00:00', NULL);
INSERT INTO outbox_message (id, dedup_key, channel, recipient_id, kind, subject, body, payload, created_at, dispatched_at) VALUES (41, 'task:20:user:4', 'email', 4, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕3号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 3, "task_id": 20}', '2026-11-03 02:00:00', NULL);
INSERT INTO process_definition (id, key, version, sha256, filename, name, xml, deployed_by_id, deployed_at) VALUES (1, 'correction_supervision', 1, 'cf8f0c132dd266a6f38118a29b14d5585c529a288fbda212f46debc053571460', 'correction_supervision.bpmn', '责令纠错整改、延期与回访', '<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_correction_supervision" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collaboration_correction_supervision">
    <bpmn:participant id="Participant_correction_supervision" name="责令纠错整改、延期与回访" processRef="correction_supervision" />
  </bpmn:collaboration>
  <bpmn:process id="correction_supervision" name="责令纠错整改、延期与回访" isExecutable="true">
    <bpmn:documentation>责令纠错对象的整改监督(第三十、三十一条):接到责令纠错通知书后1个月内整改到位并书面报告;特殊情况需延期的,由预警办填写延期整改审批表,报领导批准后发出延期整改通知书,延长整改期限累计不得超过1个月;预警办通过听取汇报、查阅资料、召开座谈会等形式回访,达到整改要求的填写预警工作回访登记表,报领导批准后解除预警(第三十条);整改期满错误没有得到纠正的,转组织处理或立案查处(第三十一条)。</bpmn:documentation>
    <bpmn:laneSet id="LaneSet_correction_supervision">
      <bpmn:lane id="Lane_correction_leaders" name="分管副书记/书记">
        <bpmn:flowNodeRef>approve_extension</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>extension_approval_overdue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_extension</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>approve_lifting</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_lifting</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_lifted</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_correction_warning_office" name="预警办">
        <bpmn:flowNodeRef>start_correction</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>await_rectification</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>rectification_overdue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_progress</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>fill_extension_form</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>extension_request_overdue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>issue_extension_notice</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>follow_up_visit</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_requirements_met</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>fill_follow_up_form</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>decide_correction_overdue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_correction_overdue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_handed_over</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start_correction" name="开始跟踪整改">
      <bpmn:documentation>已登记接到责令纠错通知书的日期,整改期限开始计算(第三十条)。</bpmn:documentation>
      <bpmn:outgoing>f_correction_start</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="await_rectification" name="跟踪整改">
      <bpmn:documentation>实施单位跟踪了解整改情况、督促整改(第二十七条);责令纠错对象应在1个月内整改到位并书面报告(第三十条),特殊情况需延期的,向预警办说明情况(第三十条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="rectification_progress" />
          <spiffworkflow:property name="stage" value="rectification" />
          <spiffworkflow:property name="article" value="第二十七、三十条" />
          <spiffworkflow:property name="dueRule" value="reply_deadline" />
          <spiffworkflow:property name="effect" value="record_progress" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_correction_start</bpmn:incoming>
      <bpmn:incoming>f_extension_rejected</bpmn:incoming>
      <bpmn:incoming>f_extension_notice_issued</bpmn:incoming>
      <bpmn:incoming>f_continue_rectification</bpmn:incoming>
      <bpmn:outgoing>f_progress</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="rectification_overdue" name="整改期满(第三十、三十一条)" cancelActivity="true" attachedToRef="await_rectification">
      <bpmn:documentation>整改期限(含经批准的延期)届满仍未报告整改到位的,转整改逾期处理(第三十、三十一条);期限由引擎依民法典期间规则计算并写入current_due_at。</bpmn:documentation>
      <bpmn:outgoing>f_rectification_overdue</bpmn:outgoing>
      <bpmn:timerEventDefinition id="rectification_overdue_timer">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">current_due_at</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:exclusiveGateway id="gw_progress" name="整改进展?" default="f_report_submitted">
      <bpmn:documentation>特殊情况需延期的,进入延期整改审批(第三十条);已提交整改报告的,进行回访(第三十条)。</bpmn:documentation>
      <bpmn:incoming>f_progress</bpmn:incoming>
      <bpmn:outgoing>f_extension_requested</bpmn:outgoing>
      <bpmn:outgoing>f_report_submitted</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="fill_extension_form" name="填写延期整改审批表">
      <bpmn:documentation>预警对象说明特殊情况后,由预警办填写延期整改审批表,报相关领导批准;延长整改期限累计不得超过1个月(第三十条)。提出申请不中止整改期限,期限届满仍未报批的按整改逾期处理(第三十一条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="extension_request" />
          <spiffworkflow:property name="stage" value="extension" />
          <spiffworkflow:property name="article" value="第三十条" />
          <spiffworkflow:property name="dueRule" value="reply_deadline" />
          <spiffworkflow:property name="effect" value="request_extension" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_extension_requested</bpmn:incoming>
      <bpmn:outgoing>f_extension_filled</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="approve_extension" name="审批延期整改">
      <bpmn:documentation>相关领导审批延期整改申请;批准的期限不得超过原整改期限届满后1个月(第三十条)。延期须在整改期限届满前批准,审批期间期限照常计算,届满仍未批准的按整改逾期处理(第三十一条)。审批人不得是审批表的填写人。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="deputy_secretary|secretary" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="extension_decision" />
          <spiffworkflow:property name="stage" value="extension" />
          <spiffworkflow:property name="article" value="第三十条" />
          <spiffworkflow:property name="dueRule" value="reply_deadline" />
          <spiffworkflow:property name="notSameAs" value="fill_extension_form" />
          <spiffworkflow:property name="effect" value="decide_extension" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_extension_filled</bpmn:incoming>
      <bpmn:outgoing>f_extension_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="extension_request_overdue" name="延期报批前期满(第三十、三十一条)" cancelActivity="true" attachedToRef="fill_extension_form">
      <bpmn:documentation>延期整改须在整改期限届满前报经相关领导批准(第三十条);提出延期申请不中止整改期限。延期整改审批表尚未填写报批而整改期限(current_due_at)届满的,取消本环节,转整改逾期处理(第三十一条)。</bpmn:documentation>
      <bpmn:outgoing>f_extension_request_overdue</bpmn:outgoing>
      <bpmn:timerEventDefinition id="extension_request_overdue_timer">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">current_due_at</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="extension_approval_overdue" name="延期审批前期满(第三十、三十一条)" cancelActivity="true" attachedToRef="approve_extension">
      <bpmn:documentation>延期整改须在整改期限届满前经相关领导批准(第三十条);审批期间整改期限照常计算。领导在整改期限(current_due_at)届满时仍未批准延期的,取消审批环节,按整改期满错误没有得到纠正转整改逾期处理(第三十一条)。</bpmn:documentation>
      <bpmn:outgoing>f_extension_approval_overdue</bpmn:outgoing>
      <bpmn:timerEventDefinition id="extension_approval_overdue_timer">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">current_due_at</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:exclusiveGateway id="gw_extension" name="是否批准延期?" default="f_extension_rejected">
      <bpmn:documentation>批准延期的,发出延期整改通知书(第三十条);不批准的,按原期限继续整改。</bpmn:documentation>
      <bpmn:incoming>f_extension_decided</bpmn:incoming>
      <bpmn:outgoing>f_extension_approved</bpmn:outgoing>
      <bpmn:outgoing>f_extension_rejected</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="issue_extension_notice" name="发出延期整改通知书">
      <bpmn:documentation>经批准延期的,预警办发出延期整改通知书,整改期限改为批准的日期(第三十条)。延期已在原期限届满前批准,原期限不再适用,故本环节不设原期限的定时器;通知书发出后回到跟踪整改,按新期限计时。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="notice_issue" />
          <spiffworkflow:property name="stage" value="extension" />
          <spiffworkflow:property name="article" value="第三十条" />
          <spiffworkflow:property name="effect" value="issue_extension_notice" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_extension_approved</bpmn:incoming>
      <bpmn:outgoing>f_extension_notice_issued</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="follow_up_visit" name="回访">
      <bpmn:documentation>预警办对责令纠错对象的整改情况通过听取汇报、查阅资料、召开座谈会等形式进行回访,判断是否达到整改要求(第三十条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="follow_up_visit" />
          <spiffworkflow:property name="stage" value="follow_up" />
          <spiffworkflow:property name="article" value="第三十条" />
          <spiffworkflow:property name="effect" value="record_follow_up" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_report_submitted</bpmn:incoming>
      <bpmn:incoming>f_late_report</bpmn:incoming>
      <bpmn:incoming>f_lifting_rejected</bpmn:incoming>
      <bpmn:outgoing>f_visited</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_requirements_met" name="是否达到整改要求?" default="f_requirements_not_met">
      <bpmn:documentation>达到整改要求的,填写预警工作回访登记表(第三十条);未达到要求的,按整改逾期或未纠正处理(第三十一条)。</bpmn:documentation>
      <bpmn:incoming>f_visited</bpmn:incoming>
      <bpmn:outgoing>f_requirements_met</bpmn:outgoing>
      <bpmn:outgoing>f_requirements_not_met</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="fill_follow_up_form" name="填写预警工作回访登记表">
      <bpmn:documentation>对达到整改要求的,填写预警工作回访登记表,提出解除预警的意见(第三十条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="follow_up_registration" />
          <spiffworkflow:property name="stage" value="follow_up" />
          <spiffworkflow:property name="article" value="第三十条" />
          <spiffworkflow:property name="effect" value="issue_follow_up_form" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_requirements_met</bpmn:incoming>
      <bpmn:outgoing>f_follow_up_filled</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="approve_lifting" name="审批解除预警">
      <bpmn:documentation>回访登记表报纪检监察机关领导批准后解除预警(第三十条)。审批人不得是回访登记表的填写人。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="deputy_secretary|secretary" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="approval_decision" />
          <spiffworkflow:property name="stage" value="follow_up" />
          <spiffworkflow:property name="article" value="第三十条" />
          <spiffworkflow:property name="notSameAs" value="fill_follow_up_form" />
          <spiffworkflow:property name="effect" value="lift_warning" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_follow_up_filled</bpmn:incoming>
      <bpmn:outgoing>f_lifting_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_lifting" name="是否批准解除?" default="f_lifting_rejected">
      <bpmn:documentation>经领导批准的,解除预警(第三十条);不批准的,继续回访。</bpmn:documentation>
      <bpmn:incoming>f_lifting_decided</bpmn:incoming>
      <bpmn:outgoing>f_lifting_approved</bpmn:outgoing>
      <bpmn:outgoing>f_lifting_rejected</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="end_lifted" name="解除预警">
      <bpmn:documentation>经批准解除预警,supervision_outcome 为 lifted(第三十条)。</bpmn:documentation>
      <bpmn:incoming>f_lifting_approved</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:userTask id="decide_correction_overdue" name="整改逾期/未达要求处理">
      <bpmn:documentation>整改期满错误没有得到纠正(包括延期申请在期满时尚未获批准的)或回访未达到整改要求的,预警办作出处理决定:逾期补交整改报告的再行回访,可继续整改的继续跟踪,否则转组织处理或立案查处(第三十一条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="correction_overdue_decision" />
          <spiffworkflow:property name="stage" value="overdue" />
          <spiffworkflow:property name="article" value="第三十一条" />
          <spiffworkflow:property name="dueRule" value="reply_deadline" />
          <spiffworkflow:property name="effect" value="decide_overdue" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_requirements_not_met</bpmn:incoming>
      <bpmn:incoming>f_rectification_overdue</bpmn:incoming>
      <bpmn:incoming>f_extension_request_overdue</bpmn:incoming>
      <bpmn:incoming>f_extension_approval_overdue</bpmn:incoming>
      <bpmn:outgoing>f_correction_overdue_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_correction_overdue" name="逾期如何处理?" default="f_correction_escalated">
      <bpmn:documentation>整改期限满,错误没有得到纠正的,按有关规定转组织处理或立案查处(第三十一条);逾期补交整改报告的再行回访,决定继续整改的继续跟踪(第三十条)。</bpmn:documentation>
      <bpmn:incoming>f_correction_overdue_decided</bpmn:incoming>
      <bpmn:outgoing>f_late_report</bpmn:outgoing>
      <bpmn:outgoing>f_continue_rectification</bpmn:outgoing>
      <bpmn:outgoing>f_correction_escalated</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="end_handed_over" name="移交处理">
      <bpmn:documentation>整改期满错误没有得到纠正,决定转组织处理或立案查处,返回主流程移交(第三十一条)。</bpmn:documentation>
      <bpmn:incoming>f_correction_escalated</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f_correction_start" sourceRef="start_correction" targetRef="await_rectification" />
    <bpmn:sequenceFlow id="f_progress" sourceRef="await_rectification" targetRef="gw_progress" />
    <bpmn:sequenceFlow id="f_extension_requested" name="申请延期" sourceRef="gw_progress" targetRef="fill_extension_form">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">progress == ''extension_requested''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_report_submitted" name="报告整改" sourceRef="gw_progress" targetRef="follow_up_visit" />
    <bpmn:sequenceFlow id="f_extension_filled" sourceRef="fill_extension_form" targetRef="approve_extension" />
    <bpmn:sequenceFlow id="f_extension_decided" sourceRef="approve_extension" targetRef="gw_extension" />
    <bpmn:sequenceFlow id="f_extension_approved" name="批准延期" sourceRef="gw_extension" targetRef="issue_extension_notice">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">extension_decision == ''approved''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_extension_rejected" name="不批准" sourceRef="gw_extension" targetRef="await_rectification" />
    <bpmn:sequenceFlow id="f_extension_notice_issued" sourceRef="issue_extension_notice" targetRef="await_rectification" />
    <bpmn:sequenceFlow id="f_visited" sourceRef="follow_up_visit" targetRef="gw_requirements_met" />
    <bpmn:sequenceFlow id="f_requirements_met" name="已达要求" sourceRef="gw_requirements_met" targetRef="fill_follow_up_form">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">requirements_met == True</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_requirements_not_met" name="未达要求" sourceRef="gw_requirements_met" targetRef="decide_correction_overdue" />
    <bpmn:sequenceFlow id="f_rectification_overdue" sourceRef="rectification_overdue" targetRef="decide_correction_overdue" />
    <bpmn:sequenceFlow id="f_extension_request_overdue" sourceRef="extension_request_overdue" targetRef="decide_correction_overdue" />
    <bpmn:sequenceFlow id="f_extension_approval_overdue" sourceRef="extension_approval_overdue" targetRef="decide_correction_overdue" />
    <bpmn:sequenceFlow id="f_correction_overdue_decided" sourceRef="decide_correction_overdue" targetRef="gw_correction_overdue" />
    <bpmn:sequenceFlow id="f_late_report" name="补交报告" sourceRef="gw_correction_overdue" targetRef="follow_up_visit">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">supervision_outcome == ''late_submission''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_continue_rectification" name="继续整改" sourceRef="gw_correction_overdue" targetRef="await_rectification">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">supervision_outcome == ''continue_rectification''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_correction_escalated" name="转组织处理或立案查处" sourceRef="gw_correction_overdue" targetRef="end_handed_over" />
    <bpmn:sequenceFlow id="f_follow_up_filled" sourceRef="fill_follow_up_form" targetRef="approve_lifting" />
    <bpmn:sequenceFlow id="f_lifting_decided" sourceRef="approve_lifting" targetRef="gw_lifting" />
    <bpmn:sequenceFlow id="f_lifting_approved" name="批准解除" sourceRef="gw_lifting" targetRef="end_lifted">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">approval_decision == ''approved''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_lifting_rejected" name="不批准,再回访" sourceRef="gw_lifting" targetRef="follow_up_visit" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_correction_supervision">
    <bpmndi:BPMNPlane id="BPMNPlane_correction_supervision" bpmnElement="Collaboration_correction_supervision">
      <bpmndi:BPMNShape id="Participant_correction_supervision_di" bpmnElement="Participant_correction_supervision" isHorizontal="true">
        <dc:Bounds x="120" y="60" width="1140" height="730" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_correction_leaders_di" bpmnElement="Lane_correction_leaders" isHorizontal="true">
        <dc:Bounds x="150" y="60" width="1110" height="160" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_correction_warning_office_di" bpmnElement="Lane_correction_warning_office" isHorizontal="true">
        <dc:Bounds x="150" y="220" width="1110" height="570" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="start_correction_di" bpmnElement="start_correction">
        <dc:Bounds x="212" y="412" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="197" y="455" width="66" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="await_rectification_di" bpmnElement="await_rectification">
        <dc:Bounds x="320" y="390" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="rectification_overdue_di" bpmnElement="rectification_overdue">
        <dc:Bounds x="327" y="452" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="245" y="496" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_progress_di" bpmnElement="gw_progress" isMarkerVisible="true">
        <dc:Bounds x="485" y="405" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="485" y="462" width="50" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="fill_extension_form_di" bpmnElement="fill_extension_form">
        <dc:Bounds x="460" y="250" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approve_extension_di" bpmnElement="approve_extension">
        <dc:Bounds x="460" y="110" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="extension_request_overdue_di" bpmnElement="extension_request_overdue">
        <dc:Bounds x="542" y="272" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="584" y="298" width="60" height="54" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="extension_approval_overdue_di" bpmnElement="extension_approval_overdue">
        <dc:Bounds x="542" y="132" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="584" y="84" width="60" height="54" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_extension_di" bpmnElement="gw_extension" isMarkerVisible="true">
        <dc:Bounds x="345" y="125" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="334" y="104" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="issue_extension_notice_di" bpmnElement="issue_extension_notice">
        <dc:Bounds x="180" y="250" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="follow_up_visit_di" bpmnElement="follow_up_visit">
        <dc:Bounds x="600" y="390" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_requirements_met_di" bpmnElement="gw_requirements_met" isMarkerVisible="true">
        <dc:Bounds x="765" y="405" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="745" y="371" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="fill_follow_up_form_di" bpmnElement="fill_follow_up_form">
        <dc:Bounds x="880" y="390" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approve_lifting_di" bpmnElement="approve_lifting">
        <dc:Bounds x="880" y="110" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_lifting_di" bpmnElement="gw_lifting" isMarkerVisible="true">
        <dc:Bounds x="1045" y="125" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1034" y="182" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_lifted_di" bpmnElement="end_lifted">
        <dc:Bounds x="1172" y="132" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1168" y="175" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="decide_correction_overdue_di" bpmnElement="decide_correction_overdue">
        <dc:Bounds x="740" y="540" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_correction_overdue_di" bpmnElement="gw_correction_overdue" isMarkerVisible="true">
        <dc:Bounds x="625" y="555" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="554" y="608" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_handed_over_di" bpmnElement="end_handed_over">
        <dc:Bounds x="632" y="652" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="573" y="663" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f_correction_start_di" bpmnElement="f_correction_start">
        <di:waypoint x="248" y="430" />
        <di:waypoint x="320" y="430" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_progress_di" bpmnElement="f_progress">
        <di:waypoint x="420" y="430" />
        <di:waypoint x="485" y="430" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_requested_di" bpmnElement="f_extension_requested">
        <di:waypoint x="510" y="405" />
        <di:waypoint x="510" y="330" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="528" y="361" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_report_submitted_di" bpmnElement="f_report_submitted">
        <di:waypoint x="535" y="430" />
        <di:waypoint x="600" y="430" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="545" y="403" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_filled_di" bpmnElement="f_extension_filled">
        <di:waypoint x="510" y="250" />
        <di:waypoint x="510" y="190" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_decided_di" bpmnElement="f_extension_decided">
        <di:waypoint x="460" y="150" />
        <di:waypoint x="395" y="150" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_approved_di" bpmnElement="f_extension_approved">
        <di:waypoint x="345" y="150" />
        <di:waypoint x="230" y="150" />
        <di:waypoint x="230" y="250" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="268" y="131" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_rejected_di" bpmnElement="f_extension_rejected">
        <di:waypoint x="370" y="175" />
        <di:waypoint x="370" y="390" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="383.5" y="228" width="33" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_notice_issued_di" bpmnElement="f_extension_notice_issued">
        <di:waypoint x="280" y="290" />
        <di:waypoint x="370" y="290" />
        <di:waypoint x="370" y="390" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_visited_di" bpmnElement="f_visited">
        <di:waypoint x="700" y="430" />
        <di:waypoint x="765" y="430" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_requirements_met_di" bpmnElement="f_requirements_met">
        <di:waypoint x="815" y="430" />
        <di:waypoint x="880" y="430" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="828" y="403" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_requirements_not_met_di" bpmnElement="f_requirements_not_met">
        <di:waypoint x="790" y="455" />
        <di:waypoint x="790" y="540" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="808" y="498" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_rectification_overdue_di" bpmnElement="f_rectification_overdue">
        <di:waypoint x="345" y="488" />
        <di:waypoint x="345" y="740" />
        <di:waypoint x="790" y="740" />
        <di:waypoint x="790" y="620" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_request_overdue_di" bpmnElement="f_extension_request_overdue">
        <di:waypoint x="578" y="290" />
        <di:waypoint x="1010" y="290" />
        <di:waypoint x="1010" y="560" />
        <di:waypoint x="840" y="560" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_extension_approval_overdue_di" bpmnElement="f_extension_approval_overdue">
        <di:waypoint x="578" y="150" />
        <di:waypoint x="600" y="150" />
        <di:waypoint x="600" y="240" />
        <di:waypoint x="1030" y="240" />
        <di:waypoint x="1030" y="600" />
        <di:waypoint x="840" y="600" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_correction_overdue_decided_di" bpmnElement="f_correction_overdue_decided">
        <di:waypoint x="740" y="580" />
        <di:waypoint x="675" y="580" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_late_report_di" bpmnElement="f_late_report">
        <di:waypoint x="650" y="555" />
        <di:waypoint x="650" y="470" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="598" y="505" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_continue_rectification_di" bpmnElement="f_continue_rectification">
        <di:waypoint x="625" y="580" />
        <di:waypoint x="395" y="580" />
        <di:waypoint x="395" y="470" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="488" y="561" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_correction_escalated_di" bpmnElement="f_correction_escalated">
        <di:waypoint x="650" y="605" />
        <di:waypoint x="650" y="652" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="670" y="626" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_follow_up_filled_di" bpmnElement="f_follow_up_filled">
        <di:waypoint x="930" y="390" />
        <di:waypoint x="930" y="190" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_lifting_decided_di" bpmnElement="f_lifting_decided">
        <di:waypoint x="980" y="150" />
        <di:waypoint x="1045" y="150" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_lifting_approved_di" bpmnElement="f_lifting_approved">
        <di:waypoint x="1095" y="150" />
        <di:waypoint x="1172" y="150" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1108" y="131" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_lifting_rejected_di" bpmnElement="f_lifting_rejected">
        <di:waypoint x="1070" y="125" />
        <di:waypoint x="1070" y="80" />
        <di:waypoint x="650" y="80" />
        <di:waypoint x="650" y="390" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="824" y="61" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
', 1, '2026-11-02 01:00:00');
INSERT INTO process_definition (id, key, version, sha256, filename, name, xml, deployed_by_id, deployed_at) VALUES (2, 'reply_supervision', 1, 'e46aebe278b3412aa6661a95824cc8f15f4d2b93a1b755f2948e230db88398b6', 'reply_supervision.bpmn', '谈话函询、警示诫勉的说明与整改', '<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_reply_supervision" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collaboration_reply_supervision">
    <bpmn:participant id="Participant_reply_supervision" name="谈话函询、警示诫勉的说明与整改" processRef="reply_supervision" />
  </bpmn:collaboration>
  <bpmn:process id="reply_supervision" name="谈话函询、警示诫勉的说明与整改" isExecutable="true">
    <bpmn:documentation>谈话函询、警示诫勉对象的说明与整改监督(第二十七至二十九条):谈话函询对象在接到询问函或接受谈话后10日内书面说明情况(第二十八条),警示诫勉对象在接到通知书后10日内书面报告整改情况(第二十九条);实施单位跟踪了解情况、督促整改(第二十七条)。期满未交的由预警办作出逾期处理决定。</bpmn:documentation>
    <bpmn:laneSet id="LaneSet_reply_supervision">
      <bpmn:lane id="Lane_reply_warning_office" name="预警办">
        <bpmn:flowNodeRef>start_reply</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>await_reply</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>reply_overdue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>review_reply</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_reviewed</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>decide_overdue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_late</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_overdue</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start_reply" name="开始说明整改">
      <bpmn:documentation>已登记接到通知(谈话)日期,说明、整改期限开始计算(第二十八、二十九条)。</bpmn:documentation>
      <bpmn:outgoing>f_reply_start</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="await_reply" name="登记书面说明/整改报告">
      <bpmn:documentation>预警对象应在期限内将需要向组织说明的情况或个人整改情况以书面形式交预警办(第二十七、二十八、二十九条);预警办登记收到的书面说明或整改报告及其提交日期。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="reply_record" />
          <spiffworkflow:property name="stage" value="rectification" />
          <spiffworkflow:property name="article" value="第二十七、二十八、二十九条" />
          <spiffworkflow:property name="dueRule" value="reply_deadline" />
          <spiffworkflow:property name="effect" value="record_reply" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_reply_start</bpmn:incoming>
      <bpmn:outgoing>f_replied</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="reply_overdue" name="答复期满(第二十八、二十九条)" cancelActivity="true" attachedToRef="await_reply">
      <bpmn:documentation>期限届满(接到通知或接受谈话之日起10日,依民法典期间规则计算,由引擎写入current_due_at)仍未登记书面说明或整改报告的,转逾期处理(第二十八、二十九条)。</bpmn:documentation>
      <bpmn:outgoing>f_reply_overdue</bpmn:outgoing>
      <bpmn:timerEventDefinition id="reply_overdue_timer">
        <bpmn:timeDate xsi:type="bpmn:tFormalExpression">current_due_at</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:userTask id="review_reply" name="审查说明/整改情况">
      <bpmn:documentation>审查书面说明或整改报告(第二十七条):说明清楚、整改到位的预警结束;谈话后群众仍有反映、经调查属实的,可转警示诫勉、责令纠错(第二十八条);警示诫勉整改不力、错误蔓延的,转责令纠错或组织处理,构成立案条件的立案查处(第二十九条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="reply_review" />
          <spiffworkflow:property name="stage" value="rectification" />
          <spiffworkflow:property name="article" value="第二十七、二十八、二十九条" />
          <spiffworkflow:property name="effect" value="conclude_review" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_replied</bpmn:incoming>
      <bpmn:incoming>f_late_submission</bpmn:incoming>
      <bpmn:outgoing>f_reviewed</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end_reviewed" name="审查完毕">
      <bpmn:documentation>已作出审查结论(预警结束、转警示诫勉或责令纠错、转组织处理或立案查处),返回主流程(第二十八、二十九条)。</bpmn:documentation>
      <bpmn:incoming>f_reviewed</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:userTask id="decide_overdue" name="逾期未交处理">
      <bpmn:documentation>期满未交书面说明或整改报告的,预警办作出处理决定:登记逾期补交并审查,或按第二十八、二十九条转警示诫勉、责令纠错、组织处理或立案查处。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="overdue_decision" />
          <spiffworkflow:property name="stage" value="overdue" />
          <spiffworkflow:property name="article" value="第二十八、二十九条" />
          <spiffworkflow:property name="dueRule" value="reply_deadline" />
          <spiffworkflow:property name="effect" value="decide_overdue" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_reply_overdue</bpmn:incoming>
      <bpmn:outgoing>f_overdue_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_late" name="是否逾期补交?" default="f_overdue_escalated">
      <bpmn:documentation>逾期补交的,仍须审查说明或整改情况(第二十七条);其他逾期处理决定(转警示诫勉、责令纠错、组织处理或立案查处)直接返回主流程(第二十八、二十九条)。</bpmn:documentation>
      <bpmn:incoming>f_overdue_decided</bpmn:incoming>
      <bpmn:outgoing>f_late_submission</bpmn:outgoing>
      <bpmn:outgoing>f_overdue_escalated</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="end_overdue" name="逾期转处理">
      <bpmn:documentation>因逾期未交作出转处理决定,返回主流程(第二十八、二十九条)。</bpmn:documentation>
      <bpmn:incoming>f_overdue_escalated</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f_reply_start" sourceRef="start_reply" targetRef="await_reply" />
    <bpmn:sequenceFlow id="f_replied" sourceRef="await_reply" targetRef="review_reply" />
    <bpmn:sequenceFlow id="f_reviewed" sourceRef="review_reply" targetRef="end_reviewed" />
    <bpmn:sequenceFlow id="f_reply_overdue" sourceRef="reply_overdue" targetRef="decide_overdue" />
    <bpmn:sequenceFlow id="f_overdue_decided" sourceRef="decide_overdue" targetRef="gw_late" />
    <bpmn:sequenceFlow id="f_late_submission" name="逾期补交" sourceRef="gw_late" targetRef="review_reply">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">supervision_outcome == ''late_submission''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_overdue_escalated" name="转处理" sourceRef="gw_late" targetRef="end_overdue" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_reply_supervision">
    <bpmndi:BPMNPlane id="BPMNPlane_reply_supervision" bpmnElement="Collaboration_reply_supervision">
      <bpmndi:BPMNShape id="Participant_reply_supervision_di" bpmnElement="Participant_reply_supervision" isHorizontal="true">
        <dc:Bounds x="120" y="60" width="680" height="320" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_reply_warning_office_di" bpmnElement="Lane_reply_warning_office" isHorizontal="true">
        <dc:Bounds x="150" y="60" width="650" height="320" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="start_reply_di" bpmnElement="start_reply">
        <dc:Bounds x="182" y="142" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="167" y="185" width="66" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="await_reply_di" bpmnElement="await_reply">
        <dc:Bounds x="280" y="120" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="reply_overdue_di" bpmnElement="reply_overdue">
        <dc:Bounds x="312" y="182" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="225" y="226" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="review_reply_di" bpmnElement="review_reply">
        <dc:Bounds x="530" y="120" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_reviewed_di" bpmnElement="end_reviewed">
        <dc:Bounds x="702" y="142" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="698" y="185" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="decide_overdue_di" bpmnElement="decide_overdue">
        <dc:Bounds x="410" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_late_di" bpmnElement="gw_late" isMarkerVisible="true">
        <dc:Bounds x="555" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="544" y="332" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_overdue_di" bpmnElement="end_overdue">
        <dc:Bounds x="702" y="282" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="692.5" y="325" width="55" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f_reply_start_di" bpmnElement="f_reply_start">
        <di:waypoint x="218" y="160" />
        <di:waypoint x="280" y="160" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_replied_di" bpmnElement="f_replied">
        <di:waypoint x="380" y="160" />
        <di:waypoint x="530" y="160" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_reviewed_di" bpmnElement="f_reviewed">
        <di:waypoint x="630" y="160" />
        <di:waypoint x="702" y="160" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_reply_overdue_di" bpmnElement="f_reply_overdue">
        <di:waypoint x="330" y="218" />
        <di:waypoint x="330" y="300" />
        <di:waypoint x="410" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_overdue_decided_di" bpmnElement="f_overdue_decided">
        <di:waypoint x="510" y="300" />
        <di:waypoint x="555" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_late_submission_di" bpmnElement="f_late_submission">
        <di:waypoint x="580" y="275" />
        <di:waypoint x="580" y="200" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="598" y="231" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_overdue_escalated_di" bpmnElement="f_overdue_escalated">
        <di:waypoint x="605" y="300" />
        <di:waypoint x="702" y="300" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="633.5" y="281" width="33" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
', 1, '2026-11-02 01:00:00');
INSERT INTO process_definition (id, key, version, sha256, filename, name, xml, deployed_by_id, deployed_at) VALUES (3, 'warning_approval', 1, 'f9b7b61cdf890fa75c9520cf130f8713d5148acc20cf473abca66e9894ad515b', 'warning_approval.bpmn', '预警对象审批', '<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_warning_approval" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collaboration_warning_approval">
    <bpmn:participant id="Participant_warning_approval" name="预警对象审批" processRef="warning_approval" />
  </bpmn:collaboration>
  <bpmn:process id="warning_approval" name="预警对象审批" isExecutable="true">
    <bpmn:documentation>预警对象审批(第十七条):属于谈话函询的,送县纪委分管副书记或书记审批;属于警示诫勉的,送县纪委书记审批,必要时提交县纪委常委会研究确定;属于责令纠错的,送县纪委书记审批或县纪委常委会研究确定,并报县委主要领导同志后组织实施。审批人不得是填写预警对象审批表的人。乡镇、县直单位办理的案件同样由县纪委领导审批、报县委主要领导同志(第十七条),由该单位组织实施(第十八条)。</bpmn:documentation>
    <bpmn:laneSet id="LaneSet_warning_approval">
      <bpmn:lane id="Lane_approval_leaders" name="分管副书记/书记">
        <bpmn:flowNodeRef>start_approval</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_warning_type</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>approve_inquiry</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>approve_admonition</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>approve_correction</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_referral</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_party_chief</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_decided</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_approval_committee" name="常委会">
        <bpmn:flowNodeRef>committee_decision</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_approval_party_chief" name="县委主要领导">
        <bpmn:flowNodeRef>report_to_party_chief</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_reported</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start_approval" name="提交审批">
      <bpmn:documentation>预警办填写预警对象审批表、提出预警建议后,送有权领导审批(第十七条)。</bpmn:documentation>
      <bpmn:outgoing>f_approval_start</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:exclusiveGateway id="gw_warning_type" name="预警类型?" default="f_type_correction">
      <bpmn:documentation>按预警类型确定审批人(第十七条):谈话函询送分管副书记或书记;警示诫勉送书记;责令纠错送书记或常委会。</bpmn:documentation>
      <bpmn:incoming>f_approval_start</bpmn:incoming>
      <bpmn:outgoing>f_type_inquiry</bpmn:outgoing>
      <bpmn:outgoing>f_type_admonition</bpmn:outgoing>
      <bpmn:outgoing>f_type_correction</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="approve_inquiry" name="审批(谈话函询)">
      <bpmn:documentation>属于谈话函询的,送县纪委分管副书记或书记审批后组织实施(第十七条)。审批人不得是审批表的填写人。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="deputy_secretary|secretary" />
          <spiffworkflow:property name="scope" value="county" />
          <spiffworkflow:property name="formKey" value="approval_decision" />
          <spiffworkflow:property name="stage" value="approval" />
          <spiffworkflow:property name="article" value="第十七条" />
          <spiffworkflow:property name="notSameAs" value="fill_approval_form" />
          <spiffworkflow:property name="effect" value="record_approval" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_type_inquiry</bpmn:incoming>
      <bpmn:outgoing>f_inquiry_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="approve_admonition" name="审批(警示诫勉)">
      <bpmn:documentation>属于警示诫勉的,送县纪委书记审批后组织实施,必要时提交县纪委常委会研究确定(第十七条)。审批人不得是审批表的填写人。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="secretary" />
          <spiffworkflow:property name="scope" value="county" />
          <spiffworkflow:property name="formKey" value="approval_referral" />
          <spiffworkflow:property name="stage" value="approval" />
          <spiffworkflow:property name="article" value="第十七条" />
          <spiffworkflow:property name="notSameAs" value="fill_approval_form" />
          <spiffworkflow:property name="effect" value="record_approval" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_type_admonition</bpmn:incoming>
      <bpmn:outgoing>f_admonition_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="approve_correction" name="审批(责令纠错)">
      <bpmn:documentation>属于责令纠错的,送县纪委书记审批或提交县纪委常委会研究确定(第十七条)。审批人不得是审批表的填写人。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="secretary" />
          <spiffworkflow:property name="scope" value="county" />
          <spiffworkflow:property name="formKey" value="approval_referral" />
          <spiffworkflow:property name="stage" value="approval" />
          <spiffworkflow:property name="article" value="第十七条" />
          <spiffworkflow:property name="notSameAs" value="fill_approval_form" />
          <spiffworkflow:property name="effect" value="record_approval" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_type_correction</bpmn:incoming>
      <bpmn:outgoing>f_correction_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_referral" name="是否提交常委会研究?" default="f_secretary_decided">
      <bpmn:documentation>警示诫勉必要时提交县纪委常委会研究确定;责令纠错可由县纪委常委会研究确定(第十七条)。书记决定提交的,由常委会作出决定。</bpmn:documentation>
      <bpmn:incoming>f_admonition_decided</bpmn:incoming>
      <bpmn:incoming>f_correction_decided</bpmn:incoming>
      <bpmn:outgoing>f_refer_committee</bpmn:outgoing>
      <bpmn:outgoing>f_secretary_decided</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="committee_decision" name="常委会研究确定">
      <bpmn:documentation>县纪委常委会集体研究确定是否予以警示诫勉或责令纠错(第十七条),由常委会秘书记录集体决定。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="standing_committee" />
          <spiffworkflow:property name="scope" value="county" />
          <spiffworkflow:property name="formKey" value="committee_decision" />
          <spiffworkflow:property name="stage" value="approval" />
          <spiffworkflow:property name="article" value="第十七条" />
          <spiffworkflow:property name="notSameAs" value="fill_approval_form" />
          <spiffworkflow:property name="effect" value="record_approval" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_refer_committee</bpmn:incoming>
      <bpmn:outgoing>f_committee_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_party_chief" name="是否须报县委主要领导?" default="f_no_report">
      <bpmn:documentation>责令纠错经批准的,须报县委主要领导同志后方可组织实施(第十七条);其他情形审批即告完成。</bpmn:documentation>
      <bpmn:incoming>f_secretary_decided</bpmn:incoming>
      <bpmn:incoming>f_committee_decided</bpmn:incoming>
      <bpmn:incoming>f_inquiry_decided</bpmn:incoming>
      <bpmn:outgoing>f_report_party_chief</bpmn:outgoing>
      <bpmn:outgoing>f_no_report</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="report_to_party_chief" name="报县委主要领导">
      <bpmn:documentation>责令纠错经书记审批或常委会研究确定后,报县委主要领导同志,记录报告日期和意见,之后方可组织实施(第十七条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="party_chief" />
          <spiffworkflow:property name="scope" value="county" />
          <spiffworkflow:property name="formKey" value="party_chief_acknowledgement" />
          <spiffworkflow:property name="stage" value="approval" />
          <spiffworkflow:property name="article" value="第十七条" />
          <spiffworkflow:property name="effect" value="record_party_chief_report" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_report_party_chief</bpmn:incoming>
      <bpmn:outgoing>f_reported</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end_decided" name="审批完成">
      <bpmn:documentation>已作出审批决定(批准或不批准),返回主流程(第十七条)。</bpmn:documentation>
      <bpmn:incoming>f_no_report</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:endEvent id="end_reported" name="已报县委主要领导">
      <bpmn:documentation>责令纠错已批准并已报县委主要领导同志,可以组织实施(第十七条)。</bpmn:documentation>
      <bpmn:incoming>f_reported</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f_approval_start" sourceRef="start_approval" targetRef="gw_warning_type" />
    <bpmn:sequenceFlow id="f_type_inquiry" name="谈话函询" sourceRef="gw_warning_type" targetRef="approve_inquiry">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">warning_type == ''inquiry''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_type_admonition" name="警示诫勉" sourceRef="gw_warning_type" targetRef="approve_admonition">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">warning_type == ''admonition''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_type_correction" name="责令纠错" sourceRef="gw_warning_type" targetRef="approve_correction" />
    <bpmn:sequenceFlow id="f_admonition_decided" sourceRef="approve_admonition" targetRef="gw_referral" />
    <bpmn:sequenceFlow id="f_correction_decided" sourceRef="approve_correction" targetRef="gw_referral" />
    <bpmn:sequenceFlow id="f_refer_committee" name="提交常委会" sourceRef="gw_referral" targetRef="committee_decision">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">approval_decision == ''refer_committee''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_secretary_decided" name="书记已决定" sourceRef="gw_referral" targetRef="gw_party_chief" />
    <bpmn:sequenceFlow id="f_committee_decided" sourceRef="committee_decision" targetRef="gw_party_chief" />
    <bpmn:sequenceFlow id="f_inquiry_decided" sourceRef="approve_inquiry" targetRef="gw_party_chief" />
    <bpmn:sequenceFlow id="f_report_party_chief" name="责令纠错已批准" sourceRef="gw_party_chief" targetRef="report_to_party_chief">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">warning_type == ''correction'' and approval_decision == ''approved''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_no_report" name="无需报告" sourceRef="gw_party_chief" targetRef="end_decided" />
    <bpmn:sequenceFlow id="f_reported" sourceRef="report_to_party_chief" targetRef="end_reported" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_warning_approval">
    <bpmndi:BPMNPlane id="BPMNPlane_warning_approval" bpmnElement="Collaboration_warning_approval">
      <bpmndi:BPMNShape id="Participant_warning_approval_di" bpmnElement="Participant_warning_approval" isHorizontal="true">
        <dc:Bounds x="120" y="60" width="1060" height="670" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_approval_leaders_di" bpmnElement="Lane_approval_leaders" isHorizontal="true">
        <dc:Bounds x="150" y="60" width="1030" height="390" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_approval_committee_di" bpmnElement="Lane_approval_committee" isHorizontal="true">
        <dc:Bounds x="150" y="450" width="1030" height="140" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_approval_party_chief_di" bpmnElement="Lane_approval_party_chief" isHorizontal="true">
        <dc:Bounds x="150" y="590" width="1030" height="140" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="start_approval_di" bpmnElement="start_approval">
        <dc:Bounds x="182" y="232" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="178" y="275" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_warning_type_di" bpmnElement="gw_warning_type" isMarkerVisible="true">
        <dc:Bounds x="275" y="225" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="225" y="208" width="50" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approve_inquiry_di" bpmnElement="approve_inquiry">
        <dc:Bounds x="390" y="90" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approve_admonition_di" bpmnElement="approve_admonition">
        <dc:Bounds x="390" y="210" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approve_correction_di" bpmnElement="approve_correction">
        <dc:Bounds x="390" y="330" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_referral_di" bpmnElement="gw_referral" isMarkerVisible="true">
        <dc:Bounds x="575" y="345" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="500" y="316" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="committee_decision_di" bpmnElement="committee_decision">
        <dc:Bounds x="550" y="480" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_party_chief_di" bpmnElement="gw_party_chief" isMarkerVisible="true">
        <dc:Bounds x="775" y="345" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="700" y="316" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="report_to_party_chief_di" bpmnElement="report_to_party_chief">
        <dc:Bounds x="900" y="620" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_decided_di" bpmnElement="end_decided">
        <dc:Bounds x="932" y="352" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="928" y="395" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_reported_di" bpmnElement="end_reported">
        <dc:Bounds x="1072" y="642" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1046" y="685" width="88" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f_approval_start_di" bpmnElement="f_approval_start">
        <di:waypoint x="218" y="250" />
        <di:waypoint x="275" y="250" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_type_inquiry_di" bpmnElement="f_type_inquiry">
        <di:waypoint x="300" y="225" />
        <di:waypoint x="300" y="130" />
        <di:waypoint x="390" y="130" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="323" y="111" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_type_admonition_di" bpmnElement="f_type_admonition">
        <di:waypoint x="325" y="250" />
        <di:waypoint x="390" y="250" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="328" y="231" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_type_correction_di" bpmnElement="f_type_correction">
        <di:waypoint x="300" y="275" />
        <di:waypoint x="300" y="370" />
        <di:waypoint x="390" y="370" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="323" y="351" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_admonition_decided_di" bpmnElement="f_admonition_decided">
        <di:waypoint x="490" y="250" />
        <di:waypoint x="600" y="250" />
        <di:waypoint x="600" y="345" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_correction_decided_di" bpmnElement="f_correction_decided">
        <di:waypoint x="490" y="370" />
        <di:waypoint x="575" y="370" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_refer_committee_di" bpmnElement="f_refer_committee">
        <di:waypoint x="600" y="395" />
        <di:waypoint x="600" y="480" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="612.5" y="430" width="55" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_secretary_decided_di" bpmnElement="f_secretary_decided">
        <di:waypoint x="625" y="370" />
        <di:waypoint x="775" y="370" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="672.5" y="351" width="55" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_committee_decided_di" bpmnElement="f_committee_decided">
        <di:waypoint x="650" y="520" />
        <di:waypoint x="800" y="520" />
        <di:waypoint x="800" y="395" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_inquiry_decided_di" bpmnElement="f_inquiry_decided">
        <di:waypoint x="490" y="130" />
        <di:waypoint x="800" y="130" />
        <di:waypoint x="800" y="345" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_report_party_chief_di" bpmnElement="f_report_party_chief">
        <di:waypoint x="825" y="370" />
        <di:waypoint x="870" y="370" />
        <di:waypoint x="870" y="660" />
        <di:waypoint x="900" y="660" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="876.5" y="473" width="77" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_no_report_di" bpmnElement="f_no_report">
        <di:waypoint x="825" y="370" />
        <di:waypoint x="932" y="370" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="873" y="351" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_reported_di" bpmnElement="f_reported">
        <di:waypoint x="1000" y="660" />
        <di:waypoint x="1072" y="660" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
', 1, '2026-11-02 01:00:00');
INSERT INTO process_definition (id, key, version, sha256, filename, name, xml, deployed_by_id, deployed_at) VALUES (4, 'warning_case', 1, 'f76decb4bd7942fc1e39d6ebc32410d966662efcc08da636269bec58ac532982', 'warning_case.bpmn', '预警案件', '<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_warning_case" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collaboration_warning_case">
    <bpmn:participant id="Participant_warning_case" name="预警案件" processRef="warning_case" />
  </bpmn:collaboration>
  <bpmn:process id="warning_case" name="预警案件" isExecutable="true">
    <bpmn:documentation>预警案件主流程:自登记预警线索(第十、十三条)起,经筛选分流(第十四条)、对象排查与确定(第十五、十六条)、审批(第十七条)、组织实施(第十七至二十六条)、监督整改(第二十七至三十一条),至预警结束后向线索来源部门通报(第十四条)。属于案件线索的不能实施预警(第十四条)。</bpmn:documentation>
    <bpmn:laneSet id="LaneSet_warning_case">
      <bpmn:lane id="Lane_case_warning_office" name="预警办">
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>screen_clue</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_routing</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>propose_subject</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_type</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>preliminary_check</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_check</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>fill_approval_form</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>call_approval</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_approved</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>call_execution</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_correction</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>call_reply</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>call_correction</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_merge</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_outcome</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>hand_over</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>feedback_to_source</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start" name="登记预警线索">
      <bpmn:documentation>登记预警线索后启动本流程:线索来源包括群众信访举报、上级交办或下级报送、执纪执法机关移送(附预警线索移送表)等(第十、十三条)。</bpmn:documentation>
      <bpmn:outgoing>f_start</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="screen_clue" name="筛选分流线索">
      <bpmn:documentation>预警办按照干部管理权限和“谁主管、谁负责”的原则,对收集到的线索进行筛选、分流和处理:属上级管辖的,及时报告;属本级管辖的,直接处理;属于案件线索的,不能实施预警(第十四条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="clue_screening" />
          <spiffworkflow:property name="stage" value="screening" />
          <spiffworkflow:property name="article" value="第十四条" />
          <spiffworkflow:property name="effect" value="route_clue" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_start</bpmn:incoming>
      <bpmn:incoming>f_report_up</bpmn:incoming>
      <bpmn:outgoing>f_screen</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_routing" name="线索如何分流?" default="f_handle_here">
      <bpmn:documentation>按干部管理权限分流(第十四条):属上级管辖的,报告上级,由上级(管辖单位)重新筛选;属于案件线索的不能实施预警,移交处理;无需预警的予以了结并向来源通报;其余属本级管辖,直接处理。</bpmn:documentation>
      <bpmn:incoming>f_screen</bpmn:incoming>
      <bpmn:outgoing>f_report_up</bpmn:outgoing>
      <bpmn:outgoing>f_routing_case_clue</bpmn:outgoing>
      <bpmn:outgoing>f_dismiss</bpmn:outgoing>
      <bpmn:outgoing>f_handle_here</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="propose_subject" name="排查并提出预警对象建议">
      <bpmn:documentation>纪委(纪检组)对预警线索进行排查,提出确定预警对象及预警类型(谈话函询、警示诫勉、责令纠错)的建议(第十五、十六条;三类预警的适用情形见第七、八、九条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="subject_proposal" />
          <spiffworkflow:property name="stage" value="determination" />
          <spiffworkflow:property name="article" value="第十五、十六条" />
          <spiffworkflow:property name="effect" value="determine_subject" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_handle_here</bpmn:incoming>
      <bpmn:outgoing>f_propose</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_type" name="是否谈话函询?" default="f_needs_check">
      <bpmn:documentation>谈话函询对象可以直接确定;警示诫勉和责令纠错对象应当在了解、初核或调查后予以审定(第十六条)。</bpmn:documentation>
      <bpmn:incoming>f_propose</bpmn:incoming>
      <bpmn:outgoing>f_inquiry_direct</bpmn:outgoing>
      <bpmn:outgoing>f_needs_check</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="preliminary_check" name="了解、初核或调查">
      <bpmn:documentation>对拟警示诫勉、责令纠错的对象进行了解、初核或调查后予以审定(第十六条),结论为问题属实、属案件线索或不实。监督整改中拟转警示诫勉、责令纠错的,同样须经调查核实(第二十八、二十九条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="preliminary_check" />
          <spiffworkflow:property name="stage" value="determination" />
          <spiffworkflow:property name="article" value="第十六条" />
          <spiffworkflow:property name="effect" value="record_check" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_needs_check</bpmn:incoming>
      <bpmn:incoming>f_escalate</bpmn:incoming>
      <bpmn:outgoing>f_check</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_check" name="初核结论?" default="f_unfounded">
      <bpmn:documentation>经了解、初核或调查:问题属实的,填写预警对象审批表(第十六、十七条);属于案件线索的不能实施预警,移交处理(第十四条);问题不实或无需预警的,予以了结并向来源通报(第十四条)。</bpmn:documentation>
      <bpmn:incoming>f_check</bpmn:incoming>
      <bpmn:outgoing>f_confirmed</bpmn:outgoing>
      <bpmn:outgoing>f_check_case_clue</bpmn:outgoing>
      <bpmn:outgoing>f_unfounded</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="fill_approval_form" name="填写预警对象审批表">
      <bpmn:documentation>预警办对预警线索进行排查后,填写预警对象审批表,提出预警建议,送有权领导审批(第十七条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="approval_form" />
          <spiffworkflow:property name="stage" value="approval" />
          <spiffworkflow:property name="article" value="第十七条" />
          <spiffworkflow:property name="effect" value="issue_approval_form" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_inquiry_direct</bpmn:incoming>
      <bpmn:incoming>f_confirmed</bpmn:incoming>
      <bpmn:outgoing>f_to_approval</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:callActivity id="call_approval" name="预警对象审批" calledElement="warning_approval">
      <bpmn:documentation>按预警类型送有权领导审批:谈话函询由分管副书记或书记审批;警示诫勉由书记审批,必要时提交常委会研究确定;责令纠错由书记审批或常委会研究确定,并报县委主要领导同志(第十七条)。调用流程 warning_approval。</bpmn:documentation>
      <bpmn:incoming>f_to_approval</bpmn:incoming>
      <bpmn:outgoing>f_approval_done</bpmn:outgoing>
    </bpmn:callActivity>
    <bpmn:exclusiveGateway id="gw_approved" name="是否批准?" default="f_not_approved">
      <bpmn:documentation>经审批同意后方可组织实施(第十七条);未获批准的不实施预警,向线索来源通报(第十四条)。</bpmn:documentation>
      <bpmn:incoming>f_approval_done</bpmn:incoming>
      <bpmn:outgoing>f_approved</bpmn:outgoing>
      <bpmn:outgoing>f_not_approved</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:callActivity id="call_execution" name="组织实施" calledElement="warning_execution">
      <bpmn:documentation>自批准之日起7日内组织实施(第十七条):分级实施(第十八至二十条),书面或谈话预警(第二十一至二十四条),填写预警工作登记表并发出通知书(第二十五、二十六条)。调用流程 warning_execution。</bpmn:documentation>
      <bpmn:incoming>f_approved</bpmn:incoming>
      <bpmn:outgoing>f_executed</bpmn:outgoing>
    </bpmn:callActivity>
    <bpmn:exclusiveGateway id="gw_correction" name="是否责令纠错?" default="f_reply">
      <bpmn:documentation>责令纠错对象须在1个月内整改到位,可申请延期,经回访批准后解除预警(第三十条);谈话函询、警示诫勉对象在10日内书面说明情况或报告整改情况(第二十八、二十九条)。</bpmn:documentation>
      <bpmn:incoming>f_executed</bpmn:incoming>
      <bpmn:outgoing>f_correction</bpmn:outgoing>
      <bpmn:outgoing>f_reply</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:callActivity id="call_reply" name="说明与整改监督" calledElement="reply_supervision">
      <bpmn:documentation>谈话函询、警示诫勉对象的书面说明、整改报告及逾期处理(第二十七、二十八、二十九条)。调用流程 reply_supervision。</bpmn:documentation>
      <bpmn:incoming>f_reply</bpmn:incoming>
      <bpmn:outgoing>f_reply_done</bpmn:outgoing>
    </bpmn:callActivity>
    <bpmn:callActivity id="call_correction" name="责令纠错整改与回访" calledElement="correction_supervision">
      <bpmn:documentation>责令纠错对象的整改、延期整改、回访与解除预警,以及逾期未纠正的处理(第三十、三十一条)。调用流程 correction_supervision。</bpmn:documentation>
      <bpmn:incoming>f_correction</bpmn:incoming>
      <bpmn:outgoing>f_correction_done</bpmn:outgoing>
    </bpmn:callActivity>
    <bpmn:exclusiveGateway id="gw_merge" name="监督整改结束">
      <bpmn:documentation>汇合两类监督整改的结果(第二十七至三十一条),其结论记录在 supervision_outcome 中。</bpmn:documentation>
      <bpmn:incoming>f_reply_done</bpmn:incoming>
      <bpmn:incoming>f_correction_done</bpmn:incoming>
      <bpmn:outgoing>f_merged</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:exclusiveGateway id="gw_outcome" name="监督整改结论?" default="f_concluded">
      <bpmn:documentation>谈话后经调查问题属实的,可转警示诫勉、责令纠错(第二十八条);警示诫勉整改不力的,转责令纠错或组织处理,构成立案条件的立案查处(第二十九条);责令纠错整改期满未纠正的,转组织处理或立案查处(第三十一条)。转警示诫勉、责令纠错的须先经了解、初核或调查(第十六条),故回到初核;预警结束或解除预警的,向线索来源通报(第十四条)。</bpmn:documentation>
      <bpmn:incoming>f_merged</bpmn:incoming>
      <bpmn:outgoing>f_escalate</bpmn:outgoing>
      <bpmn:outgoing>f_outcome_hand_over</bpmn:outgoing>
      <bpmn:outgoing>f_concluded</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="hand_over" name="移交处理">
      <bpmn:documentation>属于案件线索的不能实施预警,移交案件查办(第十四条);整改不力或整改期满错误没有得到纠正的,转组织处理或立案查处(第二十九、三十一条)。记录移交去向、接收机关和移交日期。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="handover" />
          <spiffworkflow:property name="stage" value="feedback" />
          <spiffworkflow:property name="article" value="第十四、二十九、三十一条" />
          <spiffworkflow:property name="effect" value="hand_over_case" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_routing_case_clue</bpmn:incoming>
      <bpmn:incoming>f_check_case_clue</bpmn:incoming>
      <bpmn:incoming>f_outcome_hand_over</bpmn:incoming>
      <bpmn:outgoing>f_handed_over</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="feedback_to_source" name="向线索来源通报">
      <bpmn:documentation>预警结束后,预警办将预警情况向预警线索来源部门通报(第十四条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="source_feedback" />
          <spiffworkflow:property name="stage" value="feedback" />
          <spiffworkflow:property name="article" value="第十四条" />
          <spiffworkflow:property name="effect" value="feedback_to_source" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_dismiss</bpmn:incoming>
      <bpmn:incoming>f_unfounded</bpmn:incoming>
      <bpmn:incoming>f_not_approved</bpmn:incoming>
      <bpmn:incoming>f_concluded</bpmn:incoming>
      <bpmn:incoming>f_handed_over</bpmn:incoming>
      <bpmn:outgoing>f_feedback</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end" name="案件办结">
      <bpmn:documentation>已向线索来源部门通报,预警案件办结(第十四条)。</bpmn:documentation>
      <bpmn:incoming>f_feedback</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="screen_clue" />
    <bpmn:sequenceFlow id="f_screen" sourceRef="screen_clue" targetRef="gw_routing" />
    <bpmn:sequenceFlow id="f_report_up" name="报告上级" sourceRef="gw_routing" targetRef="screen_clue">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">routing == ''report_up''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_routing_case_clue" name="属案件线索" sourceRef="gw_routing" targetRef="hand_over">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">routing == ''case_clue''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_dismiss" name="予以了结" sourceRef="gw_routing" targetRef="feedback_to_source">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">routing == ''dismiss''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_handle_here" name="本级处理" sourceRef="gw_routing" targetRef="propose_subject" />
    <bpmn:sequenceFlow id="f_propose" sourceRef="propose_subject" targetRef="gw_type" />
    <bpmn:sequenceFlow id="f_inquiry_direct" name="谈话函询,直接确定" sourceRef="gw_type" targetRef="fill_approval_form">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">warning_type == ''inquiry''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_needs_check" name="须先初核" sourceRef="gw_type" targetRef="preliminary_check" />
    <bpmn:sequenceFlow id="f_check" sourceRef="preliminary_check" targetRef="gw_check" />
    <bpmn:sequenceFlow id="f_confirmed" name="问题属实" sourceRef="gw_check" targetRef="fill_approval_form">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">check_conclusion == ''confirmed''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_check_case_clue" name="属案件线索" sourceRef="gw_check" targetRef="hand_over">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">check_conclusion == ''case_clue''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_unfounded" name="不实,了结" sourceRef="gw_check" targetRef="feedback_to_source" />
    <bpmn:sequenceFlow id="f_to_approval" sourceRef="fill_approval_form" targetRef="call_approval" />
    <bpmn:sequenceFlow id="f_approval_done" sourceRef="call_approval" targetRef="gw_approved" />
    <bpmn:sequenceFlow id="f_approved" name="批准" sourceRef="gw_approved" targetRef="call_execution">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">approval_decision == ''approved''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_not_approved" name="不批准" sourceRef="gw_approved" targetRef="feedback_to_source" />
    <bpmn:sequenceFlow id="f_executed" sourceRef="call_execution" targetRef="gw_correction" />
    <bpmn:sequenceFlow id="f_correction" name="责令纠错" sourceRef="gw_correction" targetRef="call_correction">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">warning_type == ''correction''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_reply" name="函询或诫勉" sourceRef="gw_correction" targetRef="call_reply" />
    <bpmn:sequenceFlow id="f_reply_done" sourceRef="call_reply" targetRef="gw_merge" />
    <bpmn:sequenceFlow id="f_correction_done" sourceRef="call_correction" targetRef="gw_merge" />
    <bpmn:sequenceFlow id="f_merged" sourceRef="gw_merge" targetRef="gw_outcome" />
    <bpmn:sequenceFlow id="f_escalate" name="转警示诫勉或责令纠错" sourceRef="gw_outcome" targetRef="preliminary_check">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">supervision_outcome in (''escalate_admonition'', ''escalate_correction'')</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_outcome_hand_over" name="转组织处理或立案查处" sourceRef="gw_outcome" targetRef="hand_over">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">supervision_outcome in (''organisational_handling'', ''case_filed'')</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_concluded" name="预警结束" sourceRef="gw_outcome" targetRef="feedback_to_source" />
    <bpmn:sequenceFlow id="f_handed_over" sourceRef="hand_over" targetRef="feedback_to_source" />
    <bpmn:sequenceFlow id="f_feedback" sourceRef="feedback_to_source" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_warning_case">
    <bpmndi:BPMNPlane id="BPMNPlane_warning_case" bpmnElement="Collaboration_warning_case">
      <bpmndi:BPMNShape id="Participant_warning_case_di" bpmnElement="Participant_warning_case" isHorizontal="true">
        <dc:Bounds x="120" y="60" width="2380" height="580" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_case_warning_office_di" bpmnElement="Lane_case_warning_office" isHorizontal="true">
        <dc:Bounds x="150" y="60" width="2350" height="580" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="start_di" bpmnElement="start">
        <dc:Bounds x="182" y="282" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="167" y="325" width="66" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="screen_clue_di" bpmnElement="screen_clue">
        <dc:Bounds x="270" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_routing_di" bpmnElement="gw_routing" isMarkerVisible="true">
        <dc:Bounds x="435" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="469" y="343" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="propose_subject_di" bpmnElement="propose_subject">
        <dc:Bounds x="540" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_type_di" bpmnElement="gw_type" isMarkerVisible="true">
        <dc:Bounds x="705" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="739" y="343" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="preliminary_check_di" bpmnElement="preliminary_check">
        <dc:Bounds x="820" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_check_di" bpmnElement="gw_check" isMarkerVisible="true">
        <dc:Bounds x="985" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1025" y="343" width="50" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="fill_approval_form_di" bpmnElement="fill_approval_form">
        <dc:Bounds x="1100" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="call_approval_di" bpmnElement="call_approval">
        <dc:Bounds x="1250" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_approved_di" bpmnElement="gw_approved" isMarkerVisible="true">
        <dc:Bounds x="1415" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1457" y="343" width="50" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="call_execution_di" bpmnElement="call_execution">
        <dc:Bounds x="1530" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_correction_di" bpmnElement="gw_correction" isMarkerVisible="true">
        <dc:Bounds x="1695" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1639" y="343" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="call_reply_di" bpmnElement="call_reply">
        <dc:Bounds x="1810" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="call_correction_di" bpmnElement="call_correction">
        <dc:Bounds x="1810" y="380" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_merge_di" bpmnElement="gw_merge" isMarkerVisible="true">
        <dc:Bounds x="1975" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1967" y="253" width="66" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_outcome_di" bpmnElement="gw_outcome" isMarkerVisible="true">
        <dc:Bounds x="2085" y="275" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="2124" y="343" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="hand_over_di" bpmnElement="hand_over">
        <dc:Bounds x="2210" y="130" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="feedback_to_source_di" bpmnElement="feedback_to_source">
        <dc:Bounds x="2210" y="260" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end">
        <dc:Bounds x="2382" y="282" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="2378" y="325" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f_start_di" bpmnElement="f_start">
        <di:waypoint x="218" y="300" />
        <di:waypoint x="270" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_screen_di" bpmnElement="f_screen">
        <di:waypoint x="370" y="300" />
        <di:waypoint x="435" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_report_up_di" bpmnElement="f_report_up">
        <di:waypoint x="460" y="275" />
        <di:waypoint x="460" y="210" />
        <di:waypoint x="320" y="210" />
        <di:waypoint x="320" y="260" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="368" y="191" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_routing_case_clue_di" bpmnElement="f_routing_case_clue">
        <di:waypoint x="460" y="325" />
        <di:waypoint x="460" y="585" />
        <di:waypoint x="2460" y="585" />
        <di:waypoint x="2460" y="170" />
        <di:waypoint x="2310" y="170" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="492.5" y="566" width="55" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_dismiss_di" bpmnElement="f_dismiss">
        <di:waypoint x="460" y="325" />
        <di:waypoint x="460" y="510" />
        <di:waypoint x="2260" y="510" />
        <di:waypoint x="2260" y="340" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="488" y="491" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_handle_here_di" bpmnElement="f_handle_here">
        <di:waypoint x="485" y="300" />
        <di:waypoint x="540" y="300" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="490" y="281" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_propose_di" bpmnElement="f_propose">
        <di:waypoint x="640" y="300" />
        <di:waypoint x="705" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_inquiry_direct_di" bpmnElement="f_inquiry_direct">
        <di:waypoint x="730" y="275" />
        <di:waypoint x="730" y="210" />
        <di:waypoint x="1150" y="210" />
        <di:waypoint x="1150" y="260" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="755" y="178" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_needs_check_di" bpmnElement="f_needs_check">
        <di:waypoint x="755" y="300" />
        <di:waypoint x="820" y="300" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="765" y="281" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_check_di" bpmnElement="f_check">
        <di:waypoint x="920" y="300" />
        <di:waypoint x="985" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_confirmed_di" bpmnElement="f_confirmed">
        <di:waypoint x="1035" y="300" />
        <di:waypoint x="1100" y="300" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1045" y="281" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_check_case_clue_di" bpmnElement="f_check_case_clue">
        <di:waypoint x="1010" y="325" />
        <di:waypoint x="1010" y="585" />
        <di:waypoint x="2460" y="585" />
        <di:waypoint x="2460" y="170" />
        <di:waypoint x="2310" y="170" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1042.5" y="566" width="55" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_unfounded_di" bpmnElement="f_unfounded">
        <di:waypoint x="1010" y="325" />
        <di:waypoint x="1010" y="510" />
        <di:waypoint x="2260" y="510" />
        <di:waypoint x="2260" y="340" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1035" y="491" width="50" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_to_approval_di" bpmnElement="f_to_approval">
        <di:waypoint x="1200" y="300" />
        <di:waypoint x="1250" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_approval_done_di" bpmnElement="f_approval_done">
        <di:waypoint x="1350" y="300" />
        <di:waypoint x="1415" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_approved_di" bpmnElement="f_approved">
        <di:waypoint x="1465" y="300" />
        <di:waypoint x="1530" y="300" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1486" y="281" width="22" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_not_approved_di" bpmnElement="f_not_approved">
        <di:waypoint x="1440" y="325" />
        <di:waypoint x="1440" y="510" />
        <di:waypoint x="2260" y="510" />
        <di:waypoint x="2260" y="340" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1463.5" y="491" width="33" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_executed_di" bpmnElement="f_executed">
        <di:waypoint x="1630" y="300" />
        <di:waypoint x="1695" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_correction_di" bpmnElement="f_correction">
        <di:waypoint x="1720" y="325" />
        <di:waypoint x="1720" y="420" />
        <di:waypoint x="1810" y="420" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1743" y="401" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_reply_di" bpmnElement="f_reply">
        <di:waypoint x="1745" y="300" />
        <di:waypoint x="1810" y="300" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1749.5" y="281" width="55" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_reply_done_di" bpmnElement="f_reply_done">
        <di:waypoint x="1910" y="300" />
        <di:waypoint x="1975" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_correction_done_di" bpmnElement="f_correction_done">
        <di:waypoint x="1910" y="420" />
        <di:waypoint x="2000" y="420" />
        <di:waypoint x="2000" y="325" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_merged_di" bpmnElement="f_merged">
        <di:waypoint x="2025" y="300" />
        <di:waypoint x="2085" y="300" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_escalate_di" bpmnElement="f_escalate">
        <di:waypoint x="2110" y="275" />
        <di:waypoint x="2110" y="100" />
        <di:waypoint x="870" y="100" />
        <di:waypoint x="870" y="260" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1455" y="68" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_outcome_hand_over_di" bpmnElement="f_outcome_hand_over">
        <di:waypoint x="2110" y="275" />
        <di:waypoint x="2110" y="170" />
        <di:waypoint x="2210" y="170" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="2115" y="130" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_concluded_di" bpmnElement="f_concluded">
        <di:waypoint x="2135" y="300" />
        <di:waypoint x="2210" y="300" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="2150" y="281" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_handed_over_di" bpmnElement="f_handed_over">
        <di:waypoint x="2260" y="210" />
        <di:waypoint x="2260" y="260" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_feedback_di" bpmnElement="f_feedback">
        <di:waypoint x="2310" y="300" />
        <di:waypoint x="2382" y="300" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
', 1, '2026-11-02 01:00:00');
INSERT INTO process_definition (id, key, version, sha256, filename, name, xml, deployed_by_id, deployed_at) VALUES (5, 'warning_execution', 1, '68726e5542cd10e9e63530243c37295ddc1f16e75e1fafcf6e95859dc7e834dc', 'warning_execution.bpmn', '组织实施', '<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="Definitions_warning_execution" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="Collaboration_warning_execution">
    <bpmn:participant id="Participant_warning_execution" name="组织实施" processRef="warning_execution" />
  </bpmn:collaboration>
  <bpmn:process id="warning_execution" name="组织实施" isExecutable="true">
    <bpmn:documentation>组织实施(第十七至二十六条):自批准之日起7日内组织实施(第十七条);按分级实施的规定确定实施人(第十八至二十条);采用书面和谈话方式,使用统一规范的文书(第二十一至二十四条);预警后填写预警工作登记表,警示诫勉、责令纠错的整改要求报纪检监察机关领导批准后发出通知书(第二十五条);一案一例建立台帐(第二十六条);登记预警对象接到通知或接受谈话的日期,作为说明、整改期限的起算日(第二十八、二十九、三十条)。</bpmn:documentation>
    <bpmn:laneSet id="LaneSet_warning_execution">
      <bpmn:lane id="Lane_execution_warning_office" name="预警办">
        <bpmn:flowNodeRef>start_execution</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>plan_implementation</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_method</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>draft_talk_plan</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>notify_talk</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>record_talk</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>fill_registration_form</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_registration_approval</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_written</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>issue_notice</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>record_receipt</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_execution</bpmn:flowNodeRef>
      </bpmn:lane>
      <bpmn:lane id="Lane_execution_leaders" name="分管副书记/书记">
        <bpmn:flowNodeRef>approve_registration</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>gw_registration_approved</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start_execution" name="开始组织实施">
      <bpmn:documentation>预警对象经批准后开始组织实施(第十七条)。</bpmn:documentation>
      <bpmn:outgoing>f_execution_start</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="plan_implementation" name="确定实施方式">
      <bpmn:documentation>自批准之日起7日内组织实施(第十七条):按预警对象的职务确定实施人(第十八、十九、二十条),确定采用书面预警、谈话预警或书面加谈话预警(第二十一条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="implementation_plan" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第十七、十八、十九、二十、二十一条" />
          <spiffworkflow:property name="dueRule" value="start_within_7_days" />
          <spiffworkflow:property name="effect" value="start_implementation" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_execution_start</bpmn:incoming>
      <bpmn:outgoing>f_planned</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_method" name="是否谈话预警?" default="f_written_only">
      <bpmn:documentation>预警主要采用书面和谈话方式(第二十一条);谈话预警须制定谈话方案、书面通知、实施谈话并记录(第二十二条)。</bpmn:documentation>
      <bpmn:incoming>f_planned</bpmn:incoming>
      <bpmn:outgoing>f_talk</bpmn:outgoing>
      <bpmn:outgoing>f_written_only</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="draft_talk_plan" name="制定谈话方案">
      <bpmn:documentation>预警办就预警对象存在问题、主要错误事实及整改要求等列出谈话提纲,提交主谈人;谈话必须有两人以上参加(第二十二条第(二)项1、2目)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="talk_plan" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第二十二条" />
          <spiffworkflow:property name="dueRule" value="start_within_7_days" />
          <spiffworkflow:property name="effect" value="issue_talk_plan" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_talk</bpmn:incoming>
      <bpmn:outgoing>f_talk_planned</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="notify_talk" name="书面通知谈话对象">
      <bpmn:documentation>由预警办书面通知预警对象本人,要求其按规定时间到达谈话地点(第二十二条第(二)项3目)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="talk_notice" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第二十二条" />
          <spiffworkflow:property name="effect" value="issue_talk_notice" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_talk_planned</bpmn:incoming>
      <bpmn:outgoing>f_talk_notified</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="record_talk" name="实施谈话并记录">
      <bpmn:documentation>实施预警谈话,核实问题、指出错误、提出要求(第二十二条第(二)项4目,第二十三、二十四条);谈话记录经预警对象本人核实签字后统一归档。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="talk_record" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第二十二、二十三、二十四条" />
          <spiffworkflow:property name="effect" value="record_talk" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_talk_notified</bpmn:incoming>
      <bpmn:outgoing>f_talked</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="fill_registration_form" name="填写预警工作登记表">
      <bpmn:documentation>预警后预警办填写预警工作登记表:谈话函询对象反映其承诺情况;警示诫勉或责令纠错对象提出整改要求(第二十五条)。一案一例建立台帐(第二十六条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="registration_form" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第二十五、二十六条" />
          <spiffworkflow:property name="effect" value="issue_registration_form" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_written_only</bpmn:incoming>
      <bpmn:incoming>f_talked</bpmn:incoming>
      <bpmn:incoming>f_registration_rejected</bpmn:incoming>
      <bpmn:outgoing>f_registered</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_registration_approval" name="是否须审批登记表?" default="f_inquiry_registered">
      <bpmn:documentation>警示诫勉或责令纠错对象的整改要求须报纪检监察机关领导批准后发出通知书(第二十五条);谈话函询对象无需此项审批。</bpmn:documentation>
      <bpmn:incoming>f_registered</bpmn:incoming>
      <bpmn:outgoing>f_needs_registration_approval</bpmn:outgoing>
      <bpmn:outgoing>f_inquiry_registered</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="approve_registration" name="审批预警工作登记表">
      <bpmn:documentation>纪检监察机关领导审批预警工作登记表中提出的整改要求,批准后发出警示诫勉通知书或责令纠错通知书(第二十五条)。审批人不得是登记表的填写人(提出与审批分离,第十七条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="deputy_secretary|secretary" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="approval_decision" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第二十五条" />
          <spiffworkflow:property name="notSameAs" value="fill_registration_form" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_needs_registration_approval</bpmn:incoming>
      <bpmn:outgoing>f_registration_decided</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="gw_registration_approved" name="登记表是否批准?" default="f_registration_approved">
      <bpmn:documentation>整改要求经批准后发出通知书(第二十五条);不同意的,退回预警办重新填写登记表。</bpmn:documentation>
      <bpmn:incoming>f_registration_decided</bpmn:incoming>
      <bpmn:outgoing>f_registration_rejected</bpmn:outgoing>
      <bpmn:outgoing>f_registration_approved</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:exclusiveGateway id="gw_written" name="是否书面预警?" default="f_talk_only">
      <bpmn:documentation>谈话函询通过信访约谈、发询问通知书等形式告知(第二十二条);采用书面方式的发出询问函(第二十二条第(一)项),仅谈话的以接受谈话之日起算说明期限(第二十八条)。</bpmn:documentation>
      <bpmn:incoming>f_inquiry_registered</bpmn:incoming>
      <bpmn:outgoing>f_written_notice</bpmn:outgoing>
      <bpmn:outgoing>f_talk_only</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:userTask id="issue_notice" name="发出询问函/通知书">
      <bpmn:documentation>预警办发出询问函、警示诫勉通知书或责令纠错通知书,告知预警对象存在的问题,提出要求(第二十二条第(一)项,第二十三、二十四、二十五条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="notice_issue" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第二十二、二十三、二十四、二十五条" />
          <spiffworkflow:property name="effect" value="issue_warning_notice" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_registration_approved</bpmn:incoming>
      <bpmn:incoming>f_written_notice</bpmn:incoming>
      <bpmn:outgoing>f_notice_issued</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="record_receipt" name="登记接到通知(谈话)日期">
      <bpmn:documentation>登记预警对象接到询问函、通知书或接受预警谈话的日期,据此计算说明或整改期限:谈话函询、警示诫勉10日内书面说明或报告整改情况(第二十八、二十九条),责令纠错1个月内整改到位(第三十条)。</bpmn:documentation>
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="role" value="warning_office" />
          <spiffworkflow:property name="scope" value="handling" />
          <spiffworkflow:property name="formKey" value="receipt_record" />
          <spiffworkflow:property name="stage" value="implementation" />
          <spiffworkflow:property name="article" value="第二十八、二十九、三十条" />
          <spiffworkflow:property name="effect" value="start_reply_period" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>f_talk_only</bpmn:incoming>
      <bpmn:incoming>f_notice_issued</bpmn:incoming>
      <bpmn:outgoing>f_receipt_recorded</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end_execution" name="组织实施完毕">
      <bpmn:documentation>已登记接到通知(谈话)日期,进入监督整改(第二十七条)。</bpmn:documentation>
      <bpmn:incoming>f_receipt_recorded</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f_execution_start" sourceRef="start_execution" targetRef="plan_implementation" />
    <bpmn:sequenceFlow id="f_planned" sourceRef="plan_implementation" targetRef="gw_method" />
    <bpmn:sequenceFlow id="f_talk" name="谈话预警" sourceRef="gw_method" targetRef="draft_talk_plan">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">method in (''talk'', ''written_and_talk'')</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_written_only" name="仅书面预警" sourceRef="gw_method" targetRef="fill_registration_form" />
    <bpmn:sequenceFlow id="f_talk_planned" sourceRef="draft_talk_plan" targetRef="notify_talk" />
    <bpmn:sequenceFlow id="f_talk_notified" sourceRef="notify_talk" targetRef="record_talk" />
    <bpmn:sequenceFlow id="f_talked" sourceRef="record_talk" targetRef="fill_registration_form" />
    <bpmn:sequenceFlow id="f_registered" sourceRef="fill_registration_form" targetRef="gw_registration_approval" />
    <bpmn:sequenceFlow id="f_needs_registration_approval" name="警示诫勉或责令纠错" sourceRef="gw_registration_approval" targetRef="approve_registration">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">warning_type in (''admonition'', ''correction'')</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_inquiry_registered" name="谈话函询" sourceRef="gw_registration_approval" targetRef="gw_written" />
    <bpmn:sequenceFlow id="f_registration_decided" sourceRef="approve_registration" targetRef="gw_registration_approved" />
    <bpmn:sequenceFlow id="f_registration_rejected" name="不同意,重新填写" sourceRef="gw_registration_approved" targetRef="fill_registration_form">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">approval_decision == ''rejected''</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_registration_approved" name="批准" sourceRef="gw_registration_approved" targetRef="issue_notice" />
    <bpmn:sequenceFlow id="f_written_notice" name="书面方式" sourceRef="gw_written" targetRef="issue_notice">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">method in (''written'', ''written_and_talk'')</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_talk_only" name="仅谈话" sourceRef="gw_written" targetRef="record_receipt" />
    <bpmn:sequenceFlow id="f_notice_issued" sourceRef="issue_notice" targetRef="record_receipt" />
    <bpmn:sequenceFlow id="f_receipt_recorded" sourceRef="record_receipt" targetRef="end_execution" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_warning_execution">
    <bpmndi:BPMNPlane id="BPMNPlane_warning_execution" bpmnElement="Collaboration_warning_execution">
      <bpmndi:BPMNShape id="Participant_warning_execution_di" bpmnElement="Participant_warning_execution" isHorizontal="true">
        <dc:Bounds x="120" y="60" width="1760" height="550" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_execution_warning_office_di" bpmnElement="Lane_execution_warning_office" isHorizontal="true">
        <dc:Bounds x="150" y="60" width="1730" height="360" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Lane_execution_leaders_di" bpmnElement="Lane_execution_leaders" isHorizontal="true">
        <dc:Bounds x="150" y="420" width="1730" height="190" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="start_execution_di" bpmnElement="start_execution">
        <dc:Bounds x="182" y="272" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="167" y="315" width="66" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="plan_implementation_di" bpmnElement="plan_implementation">
        <dc:Bounds x="260" y="250" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_method_di" bpmnElement="gw_method" isMarkerVisible="true">
        <dc:Bounds x="425" y="265" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="414" y="322" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="draft_talk_plan_di" bpmnElement="draft_talk_plan">
        <dc:Bounds x="520" y="110" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="notify_talk_di" bpmnElement="notify_talk">
        <dc:Bounds x="660" y="110" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="record_talk_di" bpmnElement="record_talk">
        <dc:Bounds x="800" y="110" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="fill_registration_form_di" bpmnElement="fill_registration_form">
        <dc:Bounds x="950" y="250" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_registration_approval_di" bpmnElement="gw_registration_approval" isMarkerVisible="true">
        <dc:Bounds x="1105" y="265" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1085" y="231" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approve_registration_di" bpmnElement="approve_registration">
        <dc:Bounds x="1210" y="470" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_registration_approved_di" bpmnElement="gw_registration_approved" isMarkerVisible="true">
        <dc:Bounds x="1375" y="485" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1358.5" y="458" width="83" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_written_di" bpmnElement="gw_written" isMarkerVisible="true">
        <dc:Bounds x="1235" y="265" width="50" height="50" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1224" y="322" width="72" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="issue_notice_di" bpmnElement="issue_notice">
        <dc:Bounds x="1480" y="250" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="record_receipt_di" bpmnElement="record_receipt">
        <dc:Bounds x="1630" y="250" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_execution_di" bpmnElement="end_execution">
        <dc:Bounds x="1792" y="272" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1777" y="315" width="66" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f_execution_start_di" bpmnElement="f_execution_start">
        <di:waypoint x="218" y="290" />
        <di:waypoint x="260" y="290" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_planned_di" bpmnElement="f_planned">
        <di:waypoint x="360" y="290" />
        <di:waypoint x="425" y="290" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_talk_di" bpmnElement="f_talk">
        <di:waypoint x="450" y="265" />
        <di:waypoint x="450" y="150" />
        <di:waypoint x="520" y="150" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="468" y="131" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_written_only_di" bpmnElement="f_written_only">
        <di:waypoint x="475" y="290" />
        <di:waypoint x="950" y="290" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="492.5" y="271" width="55" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_talk_planned_di" bpmnElement="f_talk_planned">
        <di:waypoint x="620" y="150" />
        <di:waypoint x="660" y="150" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_talk_notified_di" bpmnElement="f_talk_notified">
        <di:waypoint x="760" y="150" />
        <di:waypoint x="800" y="150" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_talked_di" bpmnElement="f_talked">
        <di:waypoint x="900" y="150" />
        <di:waypoint x="1000" y="150" />
        <di:waypoint x="1000" y="250" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_registered_di" bpmnElement="f_registered">
        <di:waypoint x="1050" y="290" />
        <di:waypoint x="1105" y="290" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_needs_registration_approval_di" bpmnElement="f_needs_registration_approval">
        <di:waypoint x="1130" y="315" />
        <di:waypoint x="1130" y="510" />
        <di:waypoint x="1210" y="510" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1135" y="366" width="90" height="28" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_inquiry_registered_di" bpmnElement="f_inquiry_registered">
        <di:waypoint x="1155" y="290" />
        <di:waypoint x="1235" y="290" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1173" y="271" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_registration_decided_di" bpmnElement="f_registration_decided">
        <di:waypoint x="1310" y="510" />
        <di:waypoint x="1375" y="510" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_registration_rejected_di" bpmnElement="f_registration_rejected">
        <di:waypoint x="1400" y="535" />
        <di:waypoint x="1400" y="580" />
        <di:waypoint x="1000" y="580" />
        <di:waypoint x="1000" y="330" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1158.5" y="561" width="83" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_registration_approved_di" bpmnElement="f_registration_approved">
        <di:waypoint x="1425" y="510" />
        <di:waypoint x="1530" y="510" />
        <di:waypoint x="1530" y="330" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1449" y="491" width="22" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_written_notice_di" bpmnElement="f_written_notice">
        <di:waypoint x="1285" y="290" />
        <di:waypoint x="1480" y="290" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1308" y="271" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_talk_only_di" bpmnElement="f_talk_only">
        <di:waypoint x="1260" y="265" />
        <di:waypoint x="1260" y="150" />
        <di:waypoint x="1680" y="150" />
        <di:waypoint x="1680" y="250" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="1293.5" y="131" width="33" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_notice_issued_di" bpmnElement="f_notice_issued">
        <di:waypoint x="1580" y="290" />
        <di:waypoint x="1630" y="290" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f_receipt_recorded_di" bpmnElement="f_receipt_recorded">
        <di:waypoint x="1730" y="290" />
        <di:waypoint x="1792" y="290" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
', 1, '2026-11-02 01:00:00');
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (1, 2, 'admin', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (2, 3, 'warning_office', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (3, 4, 'warning_office', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (4, 5, 'deputy_secretary', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (5, 6, 'secretary', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (6, 7, 'standing_committee', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (7, 8, 'party_chief', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (8, 9, 'organisation_dept', 3);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (9, 10, 'personnel_dept', 4);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (10, 11, 'supervisor', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (11, 12, 'auditor', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (12, 13, 'designer', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (13, 14, 'designer', 1);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (14, 15, 'warning_office', 5);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (15, 16, 'secretary', 5);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (16, 16, 'deputy_secretary', 5);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (17, 17, 'party_chief', 5);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (18, 17, 'unit_party_committee', 5);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (19, 18, 'warning_office', 6);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (20, 19, 'secretary', 6);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (21, 19, 'deputy_secretary', 6);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (22, 20, 'warning_office', 7);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (23, 21, 'secretary', 7);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (24, 21, 'deputy_secretary', 7);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (25, 22, 'warning_office', 8);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (26, 23, 'secretary', 8);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (27, 23, 'deputy_secretary', 8);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (28, 24, 'warning_office', 9);
INSERT INTO role_assignment (id, user_id, role, unit_id) VALUES (29, 25, 'warning_office', 10);
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (1, 'task:1:user:3', NULL, 3, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕1号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 1, "task_id": 1}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (2, 'task:1:user:4', NULL, 4, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕1号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 1, "task_id": 1}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (3, 'task:2:user:3', NULL, 3, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕1号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 1, "task_id": 2}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (4, 'task:2:user:4', NULL, 4, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕1号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 1, "task_id": 2}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (5, 'task:3:user:3', NULL, 3, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕1号进入“审批”环节:填写预警对象审批表。', '{"case_id": 1, "task_id": 3}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (6, 'task:3:user:4', NULL, 4, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕1号进入“审批”环节:填写预警对象审批表。', '{"case_id": 1, "task_id": 3}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (7, 'task:4:user:5', NULL, 5, 'task_assigned', '新待办:审批(谈话函询)', '案件寿纪预案〔2026〕1号进入“审批”环节:审批(谈话函询)。', '{"case_id": 1, "task_id": 4}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (8, 'task:4:user:6', NULL, 6, 'task_assigned', '新待办:审批(谈话函询)', '案件寿纪预案〔2026〕1号进入“审批”环节:审批(谈话函询)。', '{"case_id": 1, "task_id": 4}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (9, 'task:5:user:3', NULL, 3, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕2号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 2, "task_id": 5}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (10, 'task:5:user:4', NULL, 4, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕2号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 2, "task_id": 5}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (11, 'task:6:user:3', NULL, 3, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕2号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 2, "task_id": 6}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (12, 'task:6:user:4', NULL, 4, 'task_assigned', '新待办:排查并提出预警对象建议', '案件寿纪预案〔2026〕2号进入“对象排查”环节:排查并提出预警对象建议。', '{"case_id": 2, "task_id": 6}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (13, 'task:7:user:3', NULL, 3, 'task_assigned', '新待办:了解、初核或调查', '案件寿纪预案〔2026〕2号进入“对象排查”环节:了解、初核或调查。', '{"case_id": 2, "task_id": 7}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (14, 'task:7:user:4', NULL, 4, 'task_assigned', '新待办:了解、初核或调查', '案件寿纪预案〔2026〕2号进入“对象排查”环节:了解、初核或调查。', '{"case_id": 2, "task_id": 7}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (15, 'task:8:user:3', NULL, 3, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕2号进入“审批”环节:填写预警对象审批表。', '{"case_id": 2, "task_id": 8}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (16, 'task:8:user:4', NULL, 4, 'task_assigned', '新待办:填写预警对象审批表', '案件寿纪预案〔2026〕2号进入“审批”环节:填写预警对象审批表。', '{"case_id": 2, "task_id": 8}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (17, 'task:9:user:6', NULL, 6, 'task_assigned', '新待办:审批(责令纠错)', '案件寿纪预案〔2026〕2号进入“审批”环节:审批(责令纠错)。', '{"case_id": 2, "task_id": 9}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (18, 'task:10:user:8', NULL, 8, 'task_assigned', '新待办:报县委主要领导', '案件寿纪预案〔2026〕2号进入“审批”环节:报县委主要领导。', '{"case_id": 2, "task_id": 10}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (19, 'task:11:user:3', NULL, 3, 'task_assigned', '新待办:确定实施方式', '案件寿纪预案〔2026〕2号进入“组织实施”环节:确定实施方式。', '{"case_id": 2, "task_id": 11}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (20, 'task:11:user:4', NULL, 4, 'task_assigned', '新待办:确定实施方式', '案件寿纪预案〔2026〕2号进入“组织实施”环节:确定实施方式。', '{"case_id": 2, "task_id": 11}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (21, 'task:12:user:3', NULL, 3, 'task_assigned', '新待办:制定谈话方案', '案件寿纪预案〔2026〕2号进入“组织实施”环节:制定谈话方案。', '{"case_id": 2, "task_id": 12}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (22, 'task:12:user:4', NULL, 4, 'task_assigned', '新待办:制定谈话方案', '案件寿纪预案〔2026〕2号进入“组织实施”环节:制定谈话方案。', '{"case_id": 2, "task_id": 12}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (23, 'task:13:user:3', NULL, 3, 'task_assigned', '新待办:书面通知谈话对象', '案件寿纪预案〔2026〕2号进入“组织实施”环节:书面通知谈话对象。', '{"case_id": 2, "task_id": 13}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (24, 'task:13:user:4', NULL, 4, 'task_assigned', '新待办:书面通知谈话对象', '案件寿纪预案〔2026〕2号进入“组织实施”环节:书面通知谈话对象。', '{"case_id": 2, "task_id": 13}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (25, 'task:14:user:3', NULL, 3, 'task_assigned', '新待办:实施谈话并记录', '案件寿纪预案〔2026〕2号进入“组织实施”环节:实施谈话并记录。', '{"case_id": 2, "task_id": 14}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (26, 'task:14:user:4', NULL, 4, 'task_assigned', '新待办:实施谈话并记录', '案件寿纪预案〔2026〕2号进入“组织实施”环节:实施谈话并记录。', '{"case_id": 2, "task_id": 14}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (27, 'task:15:user:3', NULL, 3, 'task_assigned', '新待办:填写预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:填写预警工作登记表。', '{"case_id": 2, "task_id": 15}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (28, 'task:15:user:4', NULL, 4, 'task_assigned', '新待办:填写预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:填写预警工作登记表。', '{"case_id": 2, "task_id": 15}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (29, 'task:16:user:5', NULL, 5, 'task_assigned', '新待办:审批预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:审批预警工作登记表。', '{"case_id": 2, "task_id": 16}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (30, 'task:16:user:6', NULL, 6, 'task_assigned', '新待办:审批预警工作登记表', '案件寿纪预案〔2026〕2号进入“组织实施”环节:审批预警工作登记表。', '{"case_id": 2, "task_id": 16}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (31, 'task:17:user:3', NULL, 3, 'task_assigned', '新待办:发出询问函/通知书', '案件寿纪预案〔2026〕2号进入“组织实施”环节:发出询问函/通知书。', '{"case_id": 2, "task_id": 17}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (32, 'task:17:user:4', NULL, 4, 'task_assigned', '新待办:发出询问函/通知书', '案件寿纪预案〔2026〕2号进入“组织实施”环节:发出询问函/通知书。', '{"case_id": 2, "task_id": 17}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (33, 'document:8:user:9', NULL, 9, 'correction_notified', '责令纠错通报:吴海燕', '吴海燕(正阳关镇镇长)已被责令纠错(寿纪预〔2026〕8号),整改期间不得评选评优、暂缓提拔使用(第三十一条)。', '{"cadre_id": 2, "case_id": 2, "document_id": 8}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (34, 'document:9:user:10', NULL, 10, 'correction_notified', '责令纠错通报:吴海燕', '吴海燕(正阳关镇镇长)已被责令纠错(寿纪预〔2026〕9号),整改期间不得评选评优、暂缓提拔使用(第三十一条)。', '{"cadre_id": 2, "case_id": 2, "document_id": 9}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (35, 'document:10:user:17', NULL, 17, 'correction_notified', '责令纠错通报:吴海燕', '吴海燕(正阳关镇镇长)已被责令纠错(寿纪预〔2026〕10号),整改期间不得评选评优、暂缓提拔使用(第三十一条)。', '{"cadre_id": 2, "case_id": 2, "document_id": 10}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (36, 'task:18:user:3', NULL, 3, 'task_assigned', '新待办:登记接到通知(谈话)日期', '案件寿纪预案〔2026〕2号进入“组织实施”环节:登记接到通知(谈话)日期。', '{"case_id": 2, "task_id": 18}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (37, 'task:18:user:4', NULL, 4, 'task_assigned', '新待办:登记接到通知(谈话)日期', '案件寿纪预案〔2026〕2号进入“组织实施”环节:登记接到通知(谈话)日期。', '{"case_id": 2, "task_id": 18}', FALSE, '2026-11-02 01:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (38, 'task:19:user:3', NULL, 3, 'task_assigned', '新待办:跟踪整改', '案件寿纪预案〔2026〕2号进入“说明整改”环节:跟踪整改。', '{"case_id": 2, "task_id": 19}', FALSE, '2026-11-03 02:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (39, 'task:19:user:4', NULL, 4, 'task_assigned', '新待办:跟踪整改', '案件寿纪预案〔2026〕2号进入“说明整改”环节:跟踪整改。', '{"case_id": 2, "task_id": 19}', FALSE, '2026-11-03 02:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (40, 'task:20:user:3', NULL, 3, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕3号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 3, "task_id": 20}', FALSE, '2026-11-03 02:00:00');
INSERT INTO notification (id, dedup_key, outbox_id, user_id, kind, subject, body, payload, read, created_at) VALUES (41, 'task:20:user:4', NULL, 4, 'task_assigned', '新待办:筛选分流线索', '案件寿纪预案〔2026〕3号进入“线索筛选”环节:筛选分流线索。', '{"case_id": 3, "task_id": 20}', FALSE, '2026-11-03 02:00:00');
INSERT INTO warning_case (id, number, clue_id, cadre_id, handling_unit_id, warning_type, status, stage, outcome, opened_on, approved_on, start_due_date, implementation_started_on, reported_to_party_chief_on, talked_on, notice_issued_on, received_on, original_due_date, current_due_date, due_provisional, extension_days_used, extension_cap_date, replied_on, overdue, lifted_on, closed_on, escalations, version) VALUES (1, '寿纪预案〔2026〕1号', 1, 4, 1, 'inquiry', 'open', 'approval', NULL, '2026-11-02', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, FALSE, 0, NULL, NULL, FALSE, NULL, NULL, '[]', 3);
INSERT INTO warning_case (id, number, clue_id, cadre_id, handling_unit_id, warning_type, status, stage, outcome, opened_on, approved_on, start_due_date, implementation_started_on, reported_to_party_chief_on, talked_on, notice_issued_on, received_on, original_due_date, current_due_date, due_provisional, extension_days_used, extension_cap_date, replied_on, overdue, lifted_on, closed_on, escalations, version) VALUES (2, '寿纪预案〔2026〕2号', 2, 2, 1, 'correction', 'open', 'rectification', NULL, '2026-11-02', '2026-11-02', '2026-11-09', '2026-11-02', '2026-11-02', '2026-11-02', '2026-11-02', '2026-11-03', '2026-12-03', '2026-12-03', TRUE, 0, '2027-01-04', NULL, FALSE, NULL, NULL, '[]', 11);
INSERT INTO warning_case (id, number, clue_id, cadre_id, handling_unit_id, warning_type, status, stage, outcome, opened_on, approved_on, start_due_date, implementation_started_on, reported_to_party_chief_on, talked_on, notice_issued_on, received_on, original_due_date, current_due_date, due_provisional, extension_days_used, extension_cap_date, replied_on, overdue, lifted_on, closed_on, escalations, version) VALUES (3, '寿纪预案〔2026〕3号', 3, 4, 1, NULL, 'open', 'screening', NULL, '2026-11-03', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, FALSE, 0, NULL, NULL, FALSE, NULL, NULL, '[]', 1);
INSERT INTO integrity_file_entry (id, cadre_id, case_id, kind, summary, recorded_on) VALUES (1, 2, 2, 'correction_notice', '寿纪预案〔2026〕2号:责令纠错,整改期间不得评选评优、暂缓提拔使用(第三十一条)', '2026-11-02');
INSERT INTO process_instance (id, definition_id, definition_ids, case_id, status, state, serializer_version, step_count, created_at, updated_at, completed_at, version) VALUES (1, 4, '[1, 2, 3, 4, 5]', 1, 'running', '{"data": {"case_id": 1, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30151\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30151\u53f7", "source_channel": "letters_visits", "subject_position": "group_member", "warning_type": null}, "correlations": {}, "last_task": "d08f1859-fae4-4fcf-ac55-a28d7e66ed81", "success": true, "completed": false, "tasks": {"e4c72df1-7dab-483d-b49c-7094b7763289": {"id": "e4c72df1-7dab-483d-b49c-7094b7763289", "parent": null, "children": ["4776e74b-090f-4f55-94e9-963386e2829a"], "last_state_change": 1796661391.0061674, "state": 64, "task_spec": "Start", "triggered": false, "internal_data": {}, "data": {"case_id": 1, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30151\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30151\u53f7", "source_channel": "letters_visits", "subject_position": "group_member", "warning_type": null}, "delta": {}, "typename": "Task"}, "4776e74b-090f-4f55-94e9-963386e2829a": {"id": "4776e74b-090f-4f55-94e9-963386e2829a", "parent": "e4c72df1-7dab-483d-b49c-7094b7763289", "children": ["d08f1859-fae4-4fcf-ac55-a28d7e66ed81"], "last_state_change": 1796661391.637508, "state": 64, "task_spec": "gw_type", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {"warning_type": "inquiry", "routing": "handle_here", "reason": "\u672c\u7ea7\u5904\u7406", "facts": "\u53cd\u6620\u5176\u8fdd\u89c4\u64cd\u529e\u5a5a\u5bb4", "grounds": "\u7b2c\u4e03\u6761"}, "deletions": []}, "typename": "Task"}, "d08f1859-fae4-4fcf-ac55-a28d7e66ed81": {"id": "d08f1859-fae4-4fcf-ac55-a28d7e66ed81", "parent": "4776e74b-090f-4f55-94e9-963386e2829a", "children": ["cff3c444-0037-4eaf-8795-097b852620f0"], "last_state_change": 1796661391.7921948, "state": 64, "task_spec": "fill_approval_form", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {"proposal": "\u5efa\u8bae\u8c08\u8bdd\u51fd\u8be2", "basis": "\u7b2c\u4e03\u6761"}, "deletions": []}, "typename": "Task"}, "cff3c444-0037-4eaf-8795-097b852620f0": {"id": "cff3c444-0037-4eaf-8795-097b852620f0", "parent": "d08f1859-fae4-4fcf-ac55-a28d7e66ed81", "children": ["5d4bcd93-37fc-48fc-abd5-71ec04086c7d"], "last_state_change": 1796661391.7926376, "state": 32, "task_spec": "call_approval", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "5d4bcd93-37fc-48fc-abd5-71ec04086c7d": {"id": "5d4bcd93-37fc-48fc-abd5-71ec04086c7d", "parent": "cff3c444-0037-4eaf-8795-097b852620f0", "children": ["e325774e-a74d-411e-8b80-df3900b21eb3", "a3a4c517-7176-46b0-807c-9636664592ec"], "last_state_change": 1796661391.6374543, "state": 4, "task_spec": "gw_approved", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type", "routing", "reason", "facts", "grounds", "proposal", "basis"]}, "typename": "Task"}, "e325774e-a74d-411e-8b80-df3900b21eb3": {"id": "e325774e-a74d-411e-8b80-df3900b21eb3", "parent": "5d4bcd93-37fc-48fc-abd5-71ec04086c7d", "children": ["9bbb8aca-d0cf-4521-bc13-1dd043b67cff"], "last_state_change": 1796661391.6374705, "state": 2, "task_spec": "feedback_to_source", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "a3a4c517-7176-46b0-807c-9636664592ec": {"id": "a3a4c517-7176-46b0-807c-9636664592ec", "parent": "5d4bcd93-37fc-48fc-abd5-71ec04086c7d", "children": ["85872cbe-6748-45ba-9522-f08759121a5c"], "last_state_change": 1796661391.6374772, "state": 1, "task_spec": "call_execution", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "9bbb8aca-d0cf-4521-bc13-1dd043b67cff": {"id": "9bbb8aca-d0cf-4521-bc13-1dd043b67cff", "parent": "e325774e-a74d-411e-8b80-df3900b21eb3", "children": [], "last_state_change": 1796661391.6374893, "state": 2, "task_spec": "end", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "85872cbe-6748-45ba-9522-f08759121a5c": {"id": "85872cbe-6748-45ba-9522-f08759121a5c", "parent": "a3a4c517-7176-46b0-807c-9636664592ec", "children": [], "last_state_change": 1796661391.6375012, "state": 1, "task_spec": "gw_correction", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}}, "root": "e4c72df1-7dab-483d-b49c-7094b7763289", "subprocesses": {"cff3c444-0037-4eaf-8795-097b852620f0": {"data": {}, "correlations": {}, "last_task": "e3ce4f90-bce0-4891-9222-47af06d4ff3e", "success": true, "completed": false, "tasks": {"0970133d-cef5-4c39-bc00-a54027313d3d": {"id": "0970133d-cef5-4c39-bc00-a54027313d3d", "parent": null, "children": ["da30b907-c082-4257-8546-872967e0d0aa"], "last_state_change": 1796661391.7925618, "state": 64, "task_spec": "Start", "triggered": false, "internal_data": {}, "data": {"case_id": 1, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30151\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30151\u53f7", "source_channel": "letters_visits", "subject_position": "group_member", "warning_type": "inquiry", "routing": "handle_here", "reason": "\u672c\u7ea7\u5904\u7406", "facts": "\u53cd\u6620\u5176\u8fdd\u89c4\u64cd\u529e\u5a5a\u5bb4", "grounds": "\u7b2c\u4e03\u6761", "proposal": "\u5efa\u8bae\u8c08\u8bdd\u51fd\u8be2", "basis": "\u7b2c\u4e03\u6761"}, "delta": {}, "typename": "Task"}, "da30b907-c082-4257-8546-872967e0d0aa": {"id": "da30b907-c082-4257-8546-872967e0d0aa", "parent": "0970133d-cef5-4c39-bc00-a54027313d3d", "children": ["e3ce4f90-bce0-4891-9222-47af06d4ff3e"], "last_state_change": 1796661391.7927883, "state": 64, "task_spec": "start_approval", "triggered": false, "internal_data": {"event_fired": true}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "e3ce4f90-bce0-4891-9222-47af06d4ff3e": {"id": "e3ce4f90-bce0-4891-9222-47af06d4ff3e", "parent": "da30b907-c082-4257-8546-872967e0d0aa", "children": ["ccd49826-4af4-4aed-b477-46ea2af1a57d"], "last_state_change": 1796661391.7930114, "state": 64, "task_spec": "gw_warning_type", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "ccd49826-4af4-4aed-b477-46ea2af1a57d": {"id": "ccd49826-4af4-4aed-b477-46ea2af1a57d", "parent": "e3ce4f90-bce0-4891-9222-47af06d4ff3e", "children": ["991e6cdc-a0d6-4c8d-8d76-90b7d632b248"], "last_state_change": 1796661391.7930346, "state": 16, "task_spec": "approve_inquiry", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "991e6cdc-a0d6-4c8d-8d76-90b7d632b248": {"id": "991e6cdc-a0d6-4c8d-8d76-90b7d632b248", "parent": "ccd49826-4af4-4aed-b477-46ea2af1a57d", "children": ["c1eba88e-bcc9-455d-95d2-1f94314f7f3b", "042b80fe-2310-4f01-9d06-744f68db81e3"], "last_state_change": 1796661391.7929473, "state": 4, "task_spec": "gw_party_chief", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type", "routing", "reason", "facts", "grounds", "proposal", "basis"]}, "typename": "Task"}, "c1eba88e-bcc9-455d-95d2-1f94314f7f3b": {"id": "c1eba88e-bcc9-455d-95d2-1f94314f7f3b", "parent": "991e6cdc-a0d6-4c8d-8d76-90b7d632b248", "children": ["00198ba2-3297-4ffa-a61d-e9cbbedb1948"], "last_state_change": 1796661391.792972, "state": 2, "task_spec": "end_decided", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "042b80fe-2310-4f01-9d06-744f68db81e3": {"id": "042b80fe-2310-4f01-9d06-744f68db81e3", "parent": "991e6cdc-a0d6-4c8d-8d76-90b7d632b248", "children": ["2c30bdb6-32b0-40ac-92bf-012f1fc581e5"], "last_state_change": 1796661391.7929797, "state": 1, "task_spec": "report_to_party_chief", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "00198ba2-3297-4ffa-a61d-e9cbbedb1948": {"id": "00198ba2-3297-4ffa-a61d-e9cbbedb1948", "parent": "c1eba88e-bcc9-455d-95d2-1f94314f7f3b", "children": [], "last_state_change": 1796661391.7929943, "state": 2, "task_spec": "warning_approval.EndJoin", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "2c30bdb6-32b0-40ac-92bf-012f1fc581e5": {"id": "2c30bdb6-32b0-40ac-92bf-012f1fc581e5", "parent": "042b80fe-2310-4f01-9d06-744f68db81e3", "children": [], "last_state_change": 1796661391.7930067, "state": 1, "task_spec": "end_reported", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}}, "root": "0970133d-cef5-4c39-bc00-a54027313d3d", "parent_task_id": "cff3c444-0037-4eaf-8795-097b852620f0", "spec": "warning_approval", "typename": "BpmnSubWorkflow"}}, "bpmn_events": [], "typename": "BpmnWorkflow", "serializer_version": "1.5"}', '1.5', 10, '2026-11-02 01:00:00', '2026-11-02 01:00:00', NULL, 4);
INSERT INTO process_instance (id, definition_id, definition_ids, case_id, status, state, serializer_version, step_count, created_at, updated_at, completed_at, version) VALUES (2, 4, '[1, 2, 3, 4, 5]', 2, 'running', '{"data": {"case_id": 2, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30152\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30152\u53f7", "source_channel": "letters_visits", "subject_position": "principal_leader", "warning_type": null}, "correlations": {}, "last_task": "29c8a170-8202-4c13-9457-262a551ecbe9", "success": true, "completed": false, "tasks": {"7b71c318-89bf-4a42-8364-33d21d224412": {"id": "7b71c318-89bf-4a42-8364-33d21d224412", "parent": null, "children": ["dc7b9a96-7208-4a4a-8246-350638e2f876"], "last_state_change": 1796661392.0638936, "state": 64, "task_spec": "Start", "triggered": false, "internal_data": {}, "data": {"case_id": 2, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30152\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30152\u53f7", "source_channel": "letters_visits", "subject_position": "principal_leader", "warning_type": null}, "delta": {}, "typename": "Task"}, "dc7b9a96-7208-4a4a-8246-350638e2f876": {"id": "dc7b9a96-7208-4a4a-8246-350638e2f876", "parent": "7b71c318-89bf-4a42-8364-33d21d224412", "children": ["29c8a170-8202-4c13-9457-262a551ecbe9"], "last_state_change": 1796661394.6888616, "state": 64, "task_spec": "call_execution", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {"warning_type": "correction", "routing": "handle_here", "reason": "\u5c5e\u53bf\u7ba1\u5e72\u90e8,\u672c\u7ea7\u5904\u7406", "facts": "\u8fdd\u89c4\u6536\u53d7\u793c\u91d12000\u5143", "grounds": "\u7b2c\u4e5d\u6761", "method": "written_and_talk", "finished_on": "2026-11-02", "findings": "\u7ecf\u521d\u6838,\u53cd\u6620\u95ee\u9898\u57fa\u672c\u5c5e\u5b9e", "check_conclusion": "confirmed", "proposal": "\u5efa\u8bae\u4e88\u4ee5\u8d23\u4ee4\u7ea0\u9519", "basis": "\u7b2c\u4e5d\u6761\u3001\u7b2c\u5341\u4e03\u6761", "approval_decision": "approved", "decided_on": "2026-11-02", "opinion": null, "acknowledged_on": "2026-11-02", "started_on": "2026-11-02", "implementer": "\u53bf\u7eaa\u59d4\u4e66\u8bb0", "outline": "\u6307\u51fa\u9519\u8bef\u4e8b\u5b9e,\u63d0\u51fa\u6574\u6539\u8981\u6c42", "lead_talker_id": 6, "co_talker_ids": [5], "talk_at": "2026-11-03T09:00:00+08:00", "place": "\u53bf\u7eaa\u59d4\u8c08\u8bdd\u5ba4", "notified_on": "2026-11-02", "talked_on": "2026-11-02", "talker_ids": [6, 5], "record_summary": "\u672c\u4eba\u627f\u8ba4\u9519\u8bef,\u8868\u793a\u6574\u6539", "subject_signed": true, "commitment": null, "rectification_requirements": "\u4e00\u4e2a\u6708\u5185\u9000\u8fd8\u793c\u91d1\u5e76\u4f5c\u51fa\u4e66\u9762\u68c0\u67e5", "issued_on": "2026-11-02", "delivery_method": "in_person", "note": null, "received_on": "2026-11-03", "current_due_at": "2026-12-03T16:00:00+00:00"}, "deletions": []}, "typename": "Task"}, "29c8a170-8202-4c13-9457-262a551ecbe9": {"id": "29c8a170-8202-4c13-9457-262a551ecbe9", "parent": "dc7b9a96-7208-4a4a-8246-350638e2f876", "children": ["ab10bb65-2667-427e-af7f-5b63d687e217"], "last_state_change": 1796661394.6892915, "state": 64, "task_spec": "gw_correction", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "ab10bb65-2667-427e-af7f-5b63d687e217": {"id": "ab10bb65-2667-427e-af7f-5b63d687e217", "parent": "29c8a170-8202-4c13-9457-262a551ecbe9", "children": ["8a5dea12-41d5-4c17-85c9-c505dcfafc4b"], "last_state_change": 1796661394.689691, "state": 32, "task_spec": "call_correction", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "8a5dea12-41d5-4c17-85c9-c505dcfafc4b": {"id": "8a5dea12-41d5-4c17-85c9-c505dcfafc4b", "parent": "ab10bb65-2667-427e-af7f-5b63d687e217", "children": ["d19036f9-8da0-4e33-9239-2b496de6d94b"], "last_state_change": 1796661394.6892195, "state": 4, "task_spec": "gw_merge", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type", "routing", "reason", "facts", "grounds", "method", "finished_on", "findings", "check_conclusion", "proposal", "basis", "approval_decision", "decided_on", "opinion", "acknowledged_on", "started_on", "implementer", "outline", "lead_talker_id", "co_talker_ids", "talk_at", "place", "notified_on", "talked_on", "talker_ids", "record_summary", "subject_signed", "commitment", "rectification_requirements", "issued_on", "delivery_method", "note", "received_on", "current_due_at"]}, "typename": "Task"}, "d19036f9-8da0-4e33-9239-2b496de6d94b": {"id": "d19036f9-8da0-4e33-9239-2b496de6d94b", "parent": "8a5dea12-41d5-4c17-85c9-c505dcfafc4b", "children": ["b0b48d24-a0e1-46b6-928b-98057eeaf021", "dba0a16a-23f3-4701-b207-b632671b15c5", "9af1778e-3a33-49d2-8bc0-c117c03e700f"], "last_state_change": 1796661394.6892593, "state": 2, "task_spec": "gw_outcome", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "b0b48d24-a0e1-46b6-928b-98057eeaf021": {"id": "b0b48d24-a0e1-46b6-928b-98057eeaf021", "parent": "d19036f9-8da0-4e33-9239-2b496de6d94b", "children": [], "last_state_change": 1796661394.6892743, "state": 2, "task_spec": "feedback_to_source", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "dba0a16a-23f3-4701-b207-b632671b15c5": {"id": "dba0a16a-23f3-4701-b207-b632671b15c5", "parent": "d19036f9-8da0-4e33-9239-2b496de6d94b", "children": [], "last_state_change": 1796661394.6892803, "state": 1, "task_spec": "hand_over", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "9af1778e-3a33-49d2-8bc0-c117c03e700f": {"id": "9af1778e-3a33-49d2-8bc0-c117c03e700f", "parent": "d19036f9-8da0-4e33-9239-2b496de6d94b", "children": [], "last_state_change": 1796661394.689285, "state": 1, "task_spec": "preliminary_check", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}}, "root": "7b71c318-89bf-4a42-8364-33d21d224412", "subprocesses": {"dc7b9a96-7208-4a4a-8246-350638e2f876": {"data": {"case_id": 2, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30152\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30152\u53f7", "source_channel": "letters_visits", "subject_position": "principal_leader", "warning_type": "correction", "routing": "handle_here", "reason": "\u5c5e\u53bf\u7ba1\u5e72\u90e8,\u672c\u7ea7\u5904\u7406", "facts": "\u8fdd\u89c4\u6536\u53d7\u793c\u91d12000\u5143", "grounds": "\u7b2c\u4e5d\u6761", "method": "written_and_talk", "finished_on": "2026-11-02", "findings": "\u7ecf\u521d\u6838,\u53cd\u6620\u95ee\u9898\u57fa\u672c\u5c5e\u5b9e", "check_conclusion": "confirmed", "proposal": "\u5efa\u8bae\u4e88\u4ee5\u8d23\u4ee4\u7ea0\u9519", "basis": "\u7b2c\u4e5d\u6761\u3001\u7b2c\u5341\u4e03\u6761", "approval_decision": "approved", "decided_on": "2026-11-02", "opinion": null, "acknowledged_on": "2026-11-02", "started_on": "2026-11-02", "implementer": "\u53bf\u7eaa\u59d4\u4e66\u8bb0", "outline": "\u6307\u51fa\u9519\u8bef\u4e8b\u5b9e,\u63d0\u51fa\u6574\u6539\u8981\u6c42", "lead_talker_id": 6, "co_talker_ids": [5], "talk_at": "2026-11-03T09:00:00+08:00", "place": "\u53bf\u7eaa\u59d4\u8c08\u8bdd\u5ba4", "notified_on": "2026-11-02", "talked_on": "2026-11-02", "talker_ids": [6, 5], "record_summary": "\u672c\u4eba\u627f\u8ba4\u9519\u8bef,\u8868\u793a\u6574\u6539", "subject_signed": true, "commitment": null, "rectification_requirements": "\u4e00\u4e2a\u6708\u5185\u9000\u8fd8\u793c\u91d1\u5e76\u4f5c\u51fa\u4e66\u9762\u68c0\u67e5", "issued_on": "2026-11-02", "delivery_method": "in_person", "note": null, "received_on": "2026-11-03", "current_due_at": "2026-12-03T16:00:00+00:00"}, "correlations": {}, "last_task": "883e45b4-61df-4293-a466-4fe881997503", "success": true, "completed": true, "tasks": {"db07435c-301d-4d4d-aa46-a025c803fa66": {"id": "db07435c-301d-4d4d-aa46-a025c803fa66", "parent": null, "children": ["5d437888-9f47-4982-87f8-5e1cf718a0cf"], "last_state_change": 1796661392.9893506, "state": 64, "task_spec": "Start", "triggered": false, "internal_data": {}, "data": {"case_id": 2, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30152\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30152\u53f7", "source_channel": "letters_visits", "subject_position": "principal_leader", "warning_type": "correction", "routing": "handle_here", "reason": "\u5c5e\u53bf\u7ba1\u5e72\u90e8,\u672c\u7ea7\u5904\u7406", "facts": "\u8fdd\u89c4\u6536\u53d7\u793c\u91d12000\u5143", "grounds": "\u7b2c\u4e5d\u6761", "method": "preliminary_check", "finished_on": "2026-11-02", "findings": "\u7ecf\u521d\u6838,\u53cd\u6620\u95ee\u9898\u57fa\u672c\u5c5e\u5b9e", "check_conclusion": "confirmed", "proposal": "\u5efa\u8bae\u4e88\u4ee5\u8d23\u4ee4\u7ea0\u9519", "basis": "\u7b2c\u4e5d\u6761\u3001\u7b2c\u5341\u4e03\u6761", "approval_decision": "approved", "decided_on": "2026-11-02", "opinion": "\u9605", "acknowledged_on": "2026-11-02"}, "delta": {}, "typename": "Task"}, "5d437888-9f47-4982-87f8-5e1cf718a0cf": {"id": "5d437888-9f47-4982-87f8-5e1cf718a0cf", "parent": "db07435c-301d-4d4d-aa46-a025c803fa66", "children": ["883e45b4-61df-4293-a466-4fe881997503"], "last_state_change": 1796661394.6885014, "state": 64, "task_spec": "warning_execution.EndJoin", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {"method": "written_and_talk", "opinion": null, "started_on": "2026-11-02", "implementer": "\u53bf\u7eaa\u59d4\u4e66\u8bb0", "outline": "\u6307\u51fa\u9519\u8bef\u4e8b\u5b9e,\u63d0\u51fa\u6574\u6539\u8981\u6c42", "lead_talker_id": 6, "co_talker_ids": [5], "talk_at": "2026-11-03T09:00:00+08:00", "place": "\u53bf\u7eaa\u59d4\u8c08\u8bdd\u5ba4", "notified_on": "2026-11-02", "talked_on": "2026-11-02", "talker_ids": [6, 5], "record_summary": "\u672c\u4eba\u627f\u8ba4\u9519\u8bef,\u8868\u793a\u6574\u6539", "subject_signed": true, "commitment": null, "rectification_requirements": "\u4e00\u4e2a\u6708\u5185\u9000\u8fd8\u793c\u91d1\u5e76\u4f5c\u51fa\u4e66\u9762\u68c0\u67e5", "issued_on": "2026-11-02", "delivery_method": "in_person", "note": null, "received_on": "2026-11-03", "current_due_at": "2026-12-03T16:00:00+00:00"}, "deletions": []}, "typename": "Task"}, "883e45b4-61df-4293-a466-4fe881997503": {"id": "883e45b4-61df-4293-a466-4fe881997503", "parent": "5d437888-9f47-4982-87f8-5e1cf718a0cf", "children": [], "last_state_change": 1796661394.6885967, "state": 64, "task_spec": "End", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}}, "root": "db07435c-301d-4d4d-aa46-a025c803fa66", "parent_task_id": "dc7b9a96-7208-4a4a-8246-350638e2f876", "spec": "warning_execution", "typename": "BpmnSubWorkflow"}, "ab10bb65-2667-427e-af7f-5b63d687e217": {"data": {}, "correlations": {}, "last_task": "4d250adb-57ee-4892-92a7-3d63bb7dd362", "success": true, "completed": false, "tasks": {"84e10fbd-3ea4-427e-943d-e519b7f3ed18": {"id": "84e10fbd-3ea4-427e-943d-e519b7f3ed18", "parent": null, "children": ["0c207846-0dc4-4008-b81a-f1faf5f69b4a"], "last_state_change": 1796661394.6896195, "state": 64, "task_spec": "Start", "triggered": false, "internal_data": {}, "data": {"case_id": 2, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30152\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30152\u53f7", "source_channel": "letters_visits", "subject_position": "principal_leader", "warning_type": "correction", "routing": "handle_here", "reason": "\u5c5e\u53bf\u7ba1\u5e72\u90e8,\u672c\u7ea7\u5904\u7406", "facts": "\u8fdd\u89c4\u6536\u53d7\u793c\u91d12000\u5143", "grounds": "\u7b2c\u4e5d\u6761", "method": "written_and_talk", "finished_on": "2026-11-02", "findings": "\u7ecf\u521d\u6838,\u53cd\u6620\u95ee\u9898\u57fa\u672c\u5c5e\u5b9e", "check_conclusion": "confirmed", "proposal": "\u5efa\u8bae\u4e88\u4ee5\u8d23\u4ee4\u7ea0\u9519", "basis": "\u7b2c\u4e5d\u6761\u3001\u7b2c\u5341\u4e03\u6761", "approval_decision": "approved", "decided_on": "2026-11-02", "opinion": null, "acknowledged_on": "2026-11-02", "started_on": "2026-11-02", "implementer": "\u53bf\u7eaa\u59d4\u4e66\u8bb0", "outline": "\u6307\u51fa\u9519\u8bef\u4e8b\u5b9e,\u63d0\u51fa\u6574\u6539\u8981\u6c42", "lead_talker_id": 6, "co_talker_ids": [5], "talk_at": "2026-11-03T09:00:00+08:00", "place": "\u53bf\u7eaa\u59d4\u8c08\u8bdd\u5ba4", "notified_on": "2026-11-02", "talked_on": "2026-11-02", "talker_ids": [6, 5], "record_summary": "\u672c\u4eba\u627f\u8ba4\u9519\u8bef,\u8868\u793a\u6574\u6539", "subject_signed": true, "commitment": null, "rectification_requirements": "\u4e00\u4e2a\u6708\u5185\u9000\u8fd8\u793c\u91d1\u5e76\u4f5c\u51fa\u4e66\u9762\u68c0\u67e5", "issued_on": "2026-11-02", "delivery_method": "in_person", "note": null, "received_on": "2026-11-03", "current_due_at": "2026-12-03T16:00:00+00:00"}, "delta": {}, "typename": "Task"}, "0c207846-0dc4-4008-b81a-f1faf5f69b4a": {"id": "0c207846-0dc4-4008-b81a-f1faf5f69b4a", "parent": "84e10fbd-3ea4-427e-943d-e519b7f3ed18", "children": ["4d250adb-57ee-4892-92a7-3d63bb7dd362"], "last_state_change": 1796661394.6898508, "state": 64, "task_spec": "start_correction", "triggered": false, "internal_data": {"event_fired": true}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "4d250adb-57ee-4892-92a7-3d63bb7dd362": {"id": "4d250adb-57ee-4892-92a7-3d63bb7dd362", "parent": "0c207846-0dc4-4008-b81a-f1faf5f69b4a", "children": ["91589a4b-11be-4f8c-96d3-71abe86b3509", "24f52687-270b-438e-a4de-38234b17b622"], "last_state_change": 1796661394.689982, "state": 64, "task_spec": "await_rectification.BoundaryEventSplit", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "91589a4b-11be-4f8c-96d3-71abe86b3509": {"id": "91589a4b-11be-4f8c-96d3-71abe86b3509", "parent": "4d250adb-57ee-4892-92a7-3d63bb7dd362", "children": ["c49a977e-e15e-4877-8ccf-ffdf19e30d34", "08c1d251-33ff-498d-9135-06af24327127"], "last_state_change": 1796661394.6900094, "state": 16, "task_spec": "await_rectification", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "24f52687-270b-438e-a4de-38234b17b622": {"id": "24f52687-270b-438e-a4de-38234b17b622", "parent": "4d250adb-57ee-4892-92a7-3d63bb7dd362", "children": ["5bca7155-491a-4097-8cc8-c48305394d69", "d7976c98-37ae-486f-9ae9-c110c7ab65da"], "last_state_change": 1796661394.6899724, "state": 8, "task_spec": "rectification_overdue", "triggered": false, "internal_data": {"event_value": "2026-12-03T16:00:00+00:00"}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "c49a977e-e15e-4877-8ccf-ffdf19e30d34": {"id": "c49a977e-e15e-4877-8ccf-ffdf19e30d34", "parent": "91589a4b-11be-4f8c-96d3-71abe86b3509", "children": [], "last_state_change": 1796661394.6894262, "state": 4, "task_spec": "await_rectification.BoundaryEventJoin", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type", "routing", "reason", "facts", "grounds", "method", "finished_on", "findings", "check_conclusion", "proposal", "basis", "approval_decision", "decided_on", "opinion", "acknowledged_on", "started_on", "implementer", "outline", "lead_talker_id", "co_talker_ids", "talk_at", "place", "notified_on", "talked_on", "talker_ids", "record_summary", "subject_signed", "commitment", "rectification_requirements", "issued_on", "delivery_method", "note", "received_on", "current_due_at"]}, "typename": "Task"}, "08c1d251-33ff-498d-9135-06af24327127": {"id": "08c1d251-33ff-498d-9135-06af24327127", "parent": "91589a4b-11be-4f8c-96d3-71abe86b3509", "children": ["2a74e0e7-5ba8-4639-8418-2a8816e07089", "ac4a11da-733e-4a7a-bfaf-3c351106cb04"], "last_state_change": 1796661394.6894317, "state": 4, "task_spec": "gw_progress", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type", "routing", "reason", "facts", "grounds", "method", "finished_on", "findings", "check_conclusion", "proposal", "basis", "approval_decision", "decided_on", "opinion", "acknowledged_on", "started_on", "implementer", "outline", "lead_talker_id", "co_talker_ids", "talk_at", "place", "notified_on", "talked_on", "talker_ids", "record_summary", "subject_signed", "commitment", "rectification_requirements", "issued_on", "delivery_method", "note", "received_on", "current_due_at"]}, "typename": "Task"}, "2a74e0e7-5ba8-4639-8418-2a8816e07089": {"id": "2a74e0e7-5ba8-4639-8418-2a8816e07089", "parent": "08c1d251-33ff-498d-9135-06af24327127", "children": ["5996cb0a-64b0-482a-a7fc-0359460fcda8"], "last_state_change": 1796661394.6894472, "state": 2, "task_spec": "follow_up_visit", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "ac4a11da-733e-4a7a-bfaf-3c351106cb04": {"id": "ac4a11da-733e-4a7a-bfaf-3c351106cb04", "parent": "08c1d251-33ff-498d-9135-06af24327127", "children": ["09af228a-55cf-4aa6-a7bf-0f51ac741f0b", "a4fcdcbe-cb44-4968-8319-ea2ccb553794"], "last_state_change": 1796661394.6894526, "state": 1, "task_spec": "fill_extension_form.BoundaryEventSplit", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "5996cb0a-64b0-482a-a7fc-0359460fcda8": {"id": "5996cb0a-64b0-482a-a7fc-0359460fcda8", "parent": "2a74e0e7-5ba8-4639-8418-2a8816e07089", "children": [], "last_state_change": 1796661394.689462, "state": 2, "task_spec": "gw_requirements_met", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "09af228a-55cf-4aa6-a7bf-0f51ac741f0b": {"id": "09af228a-55cf-4aa6-a7bf-0f51ac741f0b", "parent": "ac4a11da-733e-4a7a-bfaf-3c351106cb04", "children": [], "last_state_change": 1796661394.6894724, "state": 1, "task_spec": "fill_extension_form", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "a4fcdcbe-cb44-4968-8319-ea2ccb553794": {"id": "a4fcdcbe-cb44-4968-8319-ea2ccb553794", "parent": "ac4a11da-733e-4a7a-bfaf-3c351106cb04", "children": [], "last_state_change": 1796661394.6894777, "state": 1, "task_spec": "extension_request_overdue", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "5bca7155-491a-4097-8cc8-c48305394d69": {"id": "5bca7155-491a-4097-8cc8-c48305394d69", "parent": "24f52687-270b-438e-a4de-38234b17b622", "children": [], "last_state_change": 1796661394.6895046, "state": 1, "task_spec": "decide_correction_overdue", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type", "routing", "reason", "facts", "grounds", "method", "finished_on", "findings", "check_conclusion", "proposal", "basis", "approval_decision", "decided_on", "opinion", "acknowledged_on", "started_on", "implementer", "outline", "lead_talker_id", "co_talker_ids", "talk_at", "place", "notified_on", "talked_on", "talker_ids", "record_summary", "subject_signed", "commitment", "rectification_requirements", "issued_on", "delivery_method", "note", "received_on", "current_due_at"]}, "typename": "Task"}, "d7976c98-37ae-486f-9ae9-c110c7ab65da": {"id": "d7976c98-37ae-486f-9ae9-c110c7ab65da", "parent": "24f52687-270b-438e-a4de-38234b17b622", "children": [], "last_state_change": 1796661394.6895096, "state": 1, "task_spec": "await_rectification.BoundaryEventJoin", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type", "routing", "reason", "facts", "grounds", "method", "finished_on", "findings", "check_conclusion", "proposal", "basis", "approval_decision", "decided_on", "opinion", "acknowledged_on", "started_on", "implementer", "outline", "lead_talker_id", "co_talker_ids", "talk_at", "place", "notified_on", "talked_on", "talker_ids", "record_summary", "subject_signed", "commitment", "rectification_requirements", "issued_on", "delivery_method", "note", "received_on", "current_due_at"]}, "typename": "Task"}}, "root": "84e10fbd-3ea4-427e-943d-e519b7f3ed18", "parent_task_id": "ab10bb65-2667-427e-af7f-5b63d687e217", "spec": "correction_supervision", "typename": "BpmnSubWorkflow"}}, "bpmn_events": [], "typename": "BpmnWorkflow", "serializer_version": "1.5"}', '1.5', 40, '2026-11-02 01:00:00', '2026-11-03 02:00:00', NULL, 15);
INSERT INTO process_instance (id, definition_id, definition_ids, case_id, status, state, serializer_version, step_count, created_at, updated_at, completed_at, version) VALUES (3, 4, '[1, 2, 3, 4, 5]', 3, 'running', '{"data": {"case_id": 3, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30153\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30153\u53f7", "source_channel": "letters_visits", "subject_position": "group_member", "warning_type": null}, "correlations": {}, "last_task": "e7721403-2c02-4cf4-a86c-5af133dfd818", "success": true, "completed": false, "tasks": {"b6acf200-7211-4178-9c5b-2a4ee6d408ca": {"id": "b6acf200-7211-4178-9c5b-2a4ee6d408ca", "parent": null, "children": ["e7721403-2c02-4cf4-a86c-5af133dfd818"], "last_state_change": 1796661394.961371, "state": 64, "task_spec": "Start", "triggered": false, "internal_data": {}, "data": {"case_id": 3, "case_number": "\u5bff\u7eaa\u9884\u6848\u30142026\u30153\u53f7", "clue_number": "\u5bff\u7eaa\u9884\u7ebf\u30142026\u30153\u53f7", "source_channel": "letters_visits", "subject_position": "group_member", "warning_type": null}, "delta": {}, "typename": "Task"}, "e7721403-2c02-4cf4-a86c-5af133dfd818": {"id": "e7721403-2c02-4cf4-a86c-5af133dfd818", "parent": "b6acf200-7211-4178-9c5b-2a4ee6d408ca", "children": ["7954334f-0376-4d69-84ce-d78566247e53"], "last_state_change": 1796661394.9616156, "state": 64, "task_spec": "start", "triggered": false, "internal_data": {"event_fired": true}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "7954334f-0376-4d69-84ce-d78566247e53": {"id": "7954334f-0376-4d69-84ce-d78566247e53", "parent": "e7721403-2c02-4cf4-a86c-5af133dfd818", "children": ["f1696e0a-6225-4cb8-a28f-687abf5dbe23"], "last_state_change": 1796661394.9616578, "state": 16, "task_spec": "screen_clue", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "f1696e0a-6225-4cb8-a28f-687abf5dbe23": {"id": "f1696e0a-6225-4cb8-a28f-687abf5dbe23", "parent": "7954334f-0376-4d69-84ce-d78566247e53", "children": ["2e5bb10d-ecdb-4ad9-b3a4-68185d36a4e6", "f00c465d-a536-4d61-a363-4cec87e763e6", "f330cb4a-5eac-4a76-b103-c33c94a1e3a3", "f5db8718-2e57-47cb-bbba-23bcf7a2c5cf"], "last_state_change": 1796661394.9607372, "state": 4, "task_spec": "gw_routing", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": ["case_id", "case_number", "clue_number", "source_channel", "subject_position", "warning_type"]}, "typename": "Task"}, "2e5bb10d-ecdb-4ad9-b3a4-68185d36a4e6": {"id": "2e5bb10d-ecdb-4ad9-b3a4-68185d36a4e6", "parent": "f1696e0a-6225-4cb8-a28f-687abf5dbe23", "children": ["a0bd856c-21c6-4618-b328-27afe0819b08"], "last_state_change": 1796661394.9607942, "state": 2, "task_spec": "propose_subject", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "f00c465d-a536-4d61-a363-4cec87e763e6": {"id": "f00c465d-a536-4d61-a363-4cec87e763e6", "parent": "f1696e0a-6225-4cb8-a28f-687abf5dbe23", "children": ["786809a0-5e4b-41a5-a512-a70f6f685107"], "last_state_change": 1796661394.9608035, "state": 1, "task_spec": "hand_over", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "f330cb4a-5eac-4a76-b103-c33c94a1e3a3": {"id": "f330cb4a-5eac-4a76-b103-c33c94a1e3a3", "parent": "f1696e0a-6225-4cb8-a28f-687abf5dbe23", "children": ["12a3b976-a048-422b-a4cb-a3a60c6a46e0"], "last_state_change": 1796661394.960812, "state": 1, "task_spec": "screen_clue", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "f5db8718-2e57-47cb-bbba-23bcf7a2c5cf": {"id": "f5db8718-2e57-47cb-bbba-23bcf7a2c5cf", "parent": "f1696e0a-6225-4cb8-a28f-687abf5dbe23", "children": ["c547228c-362c-46e1-84c9-44179a372e12"], "last_state_change": 1796661394.96082, "state": 1, "task_spec": "feedback_to_source", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "a0bd856c-21c6-4618-b328-27afe0819b08": {"id": "a0bd856c-21c6-4618-b328-27afe0819b08", "parent": "2e5bb10d-ecdb-4ad9-b3a4-68185d36a4e6", "children": [], "last_state_change": 1796661394.9608393, "state": 2, "task_spec": "gw_type", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "786809a0-5e4b-41a5-a512-a70f6f685107": {"id": "786809a0-5e4b-41a5-a512-a70f6f685107", "parent": "f00c465d-a536-4d61-a363-4cec87e763e6", "children": [], "last_state_change": 1796661394.960854, "state": 1, "task_spec": "feedback_to_source", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "12a3b976-a048-422b-a4cb-a3a60c6a46e0": {"id": "12a3b976-a048-422b-a4cb-a3a60c6a46e0", "parent": "f330cb4a-5eac-4a76-b103-c33c94a1e3a3", "children": [], "last_state_change": 1796661394.9608681, "state": 1, "task_spec": "gw_routing", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}, "c547228c-362c-46e1-84c9-44179a372e12": {"id": "c547228c-362c-46e1-84c9-44179a372e12", "parent": "f5db8718-2e57-47cb-bbba-23bcf7a2c5cf", "children": [], "last_state_change": 1796661394.9608827, "state": 1, "task_spec": "end", "triggered": false, "internal_data": {}, "data": {}, "delta": {"updates": {}, "deletions": []}, "typename": "Task"}}, "root": "b6acf200-7211-4178-9c5b-2a4ee6d408ca", "subprocesses": {}, "bpmn_events": [], "typename": "BpmnWorkflow", "serializer_version": "1.5"}', '1.5', 3, '2026-11-03 02:00:00', '2026-11-03 02:00:00', NULL, 1);
INSERT INTO restriction (id, case_id, cadre_id, kind, starts_on, ends_on, article) VALUES (1, 2, 2, 'award', '2026-11-02', NULL, '第三十一条');
INSERT INTO restriction (id, case_id, cadre_id, kind, starts_on, ends_on, article) VALUES (2, 2, 2, 'promotion', '2026-11-02', NULL, '第三十一条');
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (1, 1, 1, 'b0419407-2116-4e27-8558-2fbb2763ea74', 'screen_clue', 'warning_case', '筛选分流线索', 'clue_screening', 'screening', '第十四条', 1, NULL, NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"reason": "本级处理", "routing": "handle_here"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (2, 1, 1, '7e922fa0-bd6c-4574-8e70-2ccf8ae8d326', 'propose_subject', 'warning_case', '排查并提出预警对象建议', 'subject_proposal', 'determination', '第十五、十六条', 1, NULL, NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"facts": "反映其违规操办婚宴", "grounds": "第七条", "warning_type": "inquiry"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (3, 1, 1, 'd08f1859-fae4-4fcf-ac55-a28d7e66ed81', 'fill_approval_form', 'warning_case', '填写预警对象审批表', 'approval_form', 'approval', '第十七条', 1, 'inquiry', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 4, '{"basis": "第七条", "proposal": "建议谈话函询"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (4, 1, 1, 'ccd49826-4af4-4aed-b477-46ea2af1a57d', 'approve_inquiry', 'warning_approval', '审批(谈话函询)', 'approval_decision', 'approval', '第十七条', 1, 'inquiry', NULL, 'open', NULL, NULL, '[4]', '2026-11-02 01:00:00', NULL, NULL, NULL, NULL, 1);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (5, 2, 2, 'c32d01a1-d13e-42c8-84e7-b01bc17b1def', 'screen_clue', 'warning_case', '筛选分流线索', 'clue_screening', 'screening', '第十四条', 1, NULL, NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"reason": "属县管干部,本级处理", "routing": "handle_here"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (6, 2, 2, '2a57364c-fe9f-46db-9a10-45851b93082f', 'propose_subject', 'warning_case', '排查并提出预警对象建议', 'subject_proposal', 'determination', '第十五、十六条', 1, NULL, NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"facts": "违规收受礼金2000元", "grounds": "第九条", "warning_type": "correction"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (7, 2, 2, '6b2c2f6c-dff8-4ca4-9392-53e2008f71fa', 'preliminary_check', 'warning_case', '了解、初核或调查', 'preliminary_check', 'determination', '第十六条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"check_conclusion": "confirmed", "findings": "经初核,反映问题基本属实", "finished_on": "2026-11-02", "method": "preliminary_check"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (8, 2, 2, '2a413f80-863d-45e5-9ad7-c58e5cab907d', 'fill_approval_form', 'warning_case', '填写预警对象审批表', 'approval_form', 'approval', '第十七条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 4, '{"basis": "第九条、第十七条", "proposal": "建议予以责令纠错"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (9, 2, 2, '04a4fb07-8bce-4072-9e01-86ccdbecf8a5', 'approve_correction', 'warning_approval', '审批(责令纠错)', 'approval_referral', 'approval', '第十七条', 1, 'correction', NULL, 'completed', NULL, NULL, '[4]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 6, '{"approval_decision": "approved", "decided_on": "2026-11-02", "opinion": "同意"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (10, 2, 2, 'f3434a61-51e6-4f10-9c17-9c590c97e548', 'report_to_party_chief', 'warning_approval', '报县委主要领导', 'party_chief_acknowledgement', 'approval', '第十七条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 8, '{"acknowledged_on": "2026-11-02", "opinion": "阅"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (11, 2, 2, '8233d21f-5fd9-4072-b2e5-a6179f8673bb', 'plan_implementation', 'warning_execution', '确定实施方式', 'implementation_plan', 'implementation', '第十七、十八、十九、二十、二十一条', 1, 'correction', NULL, 'completed', '2026-11-09', '2026-11-09 16:00:00', '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"implementer": "县纪委书记", "method": "written_and_talk", "started_on": "2026-11-02"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (12, 2, 2, '3fb1e8d5-c933-4954-a1d4-e5eb8518e4b5', 'draft_talk_plan', 'warning_execution', '制定谈话方案', 'talk_plan', 'implementation', '第二十二条', 1, 'correction', NULL, 'completed', '2026-11-09', '2026-11-09 16:00:00', '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"co_talker_ids": [5], "lead_talker_id": 6, "outline": "指出错误事实,提出整改要求"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (13, 2, 2, '23e13c04-7e88-4b84-ba84-4ae1152f2213', 'notify_talk', 'warning_execution', '书面通知谈话对象', 'talk_notice', 'implementation', '第二十二条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"notified_on": "2026-11-02", "place": "县纪委谈话室", "talk_at": "2026-11-03T09:00:00+08:00"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (14, 2, 2, 'c9be7e2a-5918-438c-b678-dbebadff1fd0', 'record_talk', 'warning_execution', '实施谈话并记录', 'talk_record', 'implementation', '第二十二、二十三、二十四条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"record_summary": "本人承认错误,表示整改", "subject_signed": true, "talked_on": "2026-11-02", "talker_ids": [6, 5]}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (15, 2, 2, '25132ddc-1143-40fd-8d16-90680b3f5cf0', 'fill_registration_form', 'warning_execution', '填写预警工作登记表', 'registration_form', 'implementation', '第二十五、二十六条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 4, '{"commitment": null, "rectification_requirements": "一个月内退还礼金并作出书面检查"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (16, 2, 2, '298b308a-de67-497e-b59b-8e076a9f47f8', 'approve_registration', 'warning_execution', '审批预警工作登记表', 'approval_decision', 'implementation', '第二十五条', 1, 'correction', NULL, 'completed', NULL, NULL, '[4]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 5, '{"approval_decision": "approved", "decided_on": "2026-11-02", "opinion": null}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (17, 2, 2, '2d6d2097-34d2-4c3c-a42b-81363e362eed', 'issue_notice', 'warning_execution', '发出询问函/通知书', 'notice_issue', 'implementation', '第二十二、二十三、二十四、二十五条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-02 01:00:00', 3, '{"delivery_method": "in_person", "issued_on": "2026-11-02", "note": null}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (18, 2, 2, 'b8a820b1-bfb2-4263-b8e3-d19431facf98', 'record_receipt', 'warning_execution', '登记接到通知(谈话)日期', 'receipt_record', 'implementation', '第二十八、二十九、三十条', 1, 'correction', NULL, 'completed', NULL, NULL, '[]', '2026-11-02 01:00:00', '2026-11-03 02:00:00', 3, '{"received_on": "2026-11-03"}', NULL, 2);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (19, 2, 2, '91589a4b-11be-4f8c-96d3-71abe86b3509', 'await_rectification', 'correction_supervision', '跟踪整改', 'rectification_progress', 'rectification', '第二十七、三十条', 1, 'correction', NULL, 'open', '2026-12-03', '2026-12-03 16:00:00', '[]', '2026-11-03 02:00:00', NULL, NULL, NULL, NULL, 1);
INSERT INTO human_task (id, instance_id, case_id, task_uuid, bpmn_id, process_key, name, form_key, stage, article, unit_id, warning_type, assignee_id, status, due_date, due_at, excluded_user_ids, created_at, completed_at, completed_by_id, submitted, opinion, version) VALUES (20, 3, 3, '7954334f-0376-4d69-84ce-d78566247e53', 'screen_clue', 'warning_case', '筛选分流线索', 'clue_screening', 'screening', '第十四条', 1, NULL, NULL, 'open', NULL, NULL, '[]', '2026-11-03 02:00:00', NULL, NULL, NULL, NULL, 1);
INSERT INTO job (id, instance_id, kind, task_uuid, bpmn_id, status, due_at, lock_owner, lock_expires_at, retries_left, last_error, created_at, finished_at) VALUES (1, 2, 'timer', '24f52687-270b-438e-a4de-38234b17b622', 'rectification_overdue', 'scheduled', '2026-12-03 16:00:00', NULL, NULL, 3, NULL, '2026-11-03 02:00:00', NULL);
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (1, 1, 'approval_form', '预警对象审批表', 1, 2026, 1, '寿纪预〔2026〕1号', '县纪委领导', '2026-11-02', 4, 3, '{"basis": "第七条", "proposal": "建议谈话函询"}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (2, 2, 'approval_form', '预警对象审批表', 1, 2026, 2, '寿纪预〔2026〕2号', '县纪委领导', '2026-11-02', 4, 8, '{"basis": "第九条、第十七条", "proposal": "建议予以责令纠错"}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (3, 2, 'talk_plan', '谈话方案', 1, 2026, 3, '寿纪预〔2026〕3号', '张正清(纪委书记)', '2026-11-02', 3, 12, '{"co_talker_ids": [5], "lead_talker_id": 6, "outline": "指出错误事实,提出整改要求", "talker_names": "张正清(纪委书记)、李建国(分管副书记)"}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (4, 2, 'talk_notice', '谈话通知书', 1, 2026, 4, '寿纪预〔2026〕4号', '吴海燕', '2026-11-02', 3, 13, '{"notified_on": "2026-11-02", "place": "县纪委谈话室", "talk_at": "2026-11-03T09:00:00+08:00"}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (5, 2, 'talk_record', '谈话记录', 1, 2026, 5, '寿纪预〔2026〕5号', '吴海燕', '2026-11-02', 3, 14, '{"record_summary": "本人承认错误,表示整改", "subject_signed": true, "talked_on": "2026-11-02", "talker_ids": [6, 5]}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (6, 2, 'registration_form', '预警工作登记表', 1, 2026, 6, '寿纪预〔2026〕6号', '县纪委领导', '2026-11-02', 4, 15, '{"commitment": null, "rectification_requirements": "一个月内退还礼金并作出书面检查"}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (7, 2, 'correction_notice', '责令纠错通知书', 1, 2026, 7, '寿纪预〔2026〕7号', '吴海燕', '2026-11-02', 3, 17, '{"delivery_method": "in_person", "issued_on": "2026-11-02", "note": null}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (8, 2, 'notification_organisation', '责令纠错情况通报(组织部门)', 1, 2026, 8, '寿纪预〔2026〕8号', '县委组织部', '2026-11-02', 3, 17, '{"delivery_method": "in_person", "issued_on": "2026-11-02", "note": null}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (9, 2, 'notification_personnel', '责令纠错情况通报(人事部门)', 1, 2026, 9, '寿纪预〔2026〕9号', '县人事部门', '2026-11-02', 3, 17, '{"delivery_method": "in_person", "issued_on": "2026-11-02", "note": null}', '2026-11-02 01:00:00');
INSERT INTO document (id, case_id, kind, title, issuing_unit_id, year, sequence, number, recipient, issued_on, issued_by_id, task_id, fields, created_at) VALUES (10, 2, 'notification_unit', '责令纠错情况通报(所在单位党组织)', 1, 2026, 10, '寿纪预〔2026〕10号', '正阳关镇党组织', '2026-11-02', 3, 17, '{"delivery_method": "in_person", "issued_on": "2026-11-02", "note": null}', '2026-11-02 01:00:00');
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (1, 1, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (2, 2, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (3, 3, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (4, 4, 'deputy_secretary', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (5, 4, 'secretary', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (6, 5, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (7, 6, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (8, 7, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (9, 8, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (10, 9, 'secretary', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (11, 10, 'party_chief', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (12, 11, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (13, 12, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (14, 13, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (15, 14, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (16, 15, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (17, 16, 'deputy_secretary', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (18, 16, 'secretary', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (19, 17, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (20, 18, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (21, 19, 'warning_office', 1);
INSERT INTO task_candidate (id, task_id, role, unit_id) VALUES (22, 20, 'warning_office', 1);
